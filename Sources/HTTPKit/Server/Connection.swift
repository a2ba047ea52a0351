/// One accepted socket, owned by exactly one event loop for its whole life. Plain state:
/// the loop (`EventLoop+Connections.swift`) drives reading, answering and writing.
final class Connection {
    let fd: Int32
    var parser: HTTPRequestParser
    /// Encoded responses not yet sent.
    var output = OutputQueue()
    /// Where the connection is in its life; changed only through the transitions below.
    private(set) var state = State.open
    /// The peer sent FIN: answer what is complete, then close. Independent of `state`: the
    /// peer's half of the connection.
    var peerClosed = false
    /// The epoll events currently registered.
    var interest: UInt32
    // Deadline list membership (see DeadlineList).
    var timerKind: TimerKind?
    var deadline: UInt64 = 0
    var timerPrevious: Connection?
    var timerNext: Connection?

    init(fd: Int32, limits: HTTPRequestParser.Limits, interest: UInt32) {
        self.fd = fd
        self.parser = HTTPRequestParser(limits: limits)
        self.interest = interest
    }

    var hasPendingOutput: Bool { !output.isEmpty }

    /// Nothing received of a next request and nothing left to send.
    var isIdle: Bool {
        switch state {
        case .awaitingReply, .lingering: return false
        case .open, .closingAfterFlush: return parser.isIdle && !hasPendingOutput
        }
    }

    /// The states of a connection, from accept to close.
    enum State {
        /// Reading requests and answering them in order.
        case open
        /// A responder answers this request later through a `ResponseSlot`. Nothing else is
        /// parsed or read meanwhile (pipelined requests wait in the socket) and no timer runs.
        case awaitingReply(AwaitedReply)
        /// The last queued response ends the connection (error, `Connection: close`,
        /// shutdown). With `linger`, the close half-closes and reads until the peer closes,
        /// so unread request bytes do not turn that response into a reset.
        case closingAfterFlush(linger: Bool)
        /// FIN sent: input is discarded until the peer closes or the linger timer fires.
        case lingering
    }

    /// The request whose reply is awaited, if any.
    var awaited: AwaitedReply? {
        if case let .awaitingReply(awaited) = state { return awaited }
        return nil
    }

    var isClosingAfterFlush: Bool {
        if case .closingAfterFlush = state { return true }
        return false
    }

    var isLingering: Bool {
        if case .lingering = state { return true }
        return false
    }

    // MARK: Transitions

    /// open → awaitingReply: a responder deferred its answer to `request`.
    func awaitReply(_ request: AwaitedReply) {
        precondition(isOpen, "a reply is awaited only on an open connection")
        state = .awaitingReply(request)
    }

    /// awaitingReply → open: the deferred answer arrived; returns the request it answers.
    func takeAwaitedReply() -> AwaitedReply? {
        guard case let .awaitingReply(awaited) = state else { return nil }
        state = .open
        return awaited
    }

    /// open → closingAfterFlush: the response just queued is the last one. Asking again keeps
    /// the connection lingering if either request asked for it.
    func closeAfterFlush(linger: Bool) {
        if case let .closingAfterFlush(already) = state {
            state = .closingAfterFlush(linger: already || linger)
        } else {
            state = .closingAfterFlush(linger: linger)
        }
    }

    /// closingAfterFlush → lingering: our FIN is sent; wait for the peer's.
    func startLingering() {
        state = .lingering
    }

    /// Whether the final close should linger: asked for, or input of a next request is unread.
    var shouldLingerOnClose: Bool {
        if case .closingAfterFlush(linger: true) = state { return true }
        return !parser.isIdle
    }

    private var isOpen: Bool {
        if case .open = state { return true }
        return false
    }
}

/// A request whose response a `ResponseSlot` will deliver, with the time the responder was
/// called (monotonic nanoseconds; 0 without an access log).
struct AwaitedReply {
    let request: HTTPRequest
    let started: UInt64
}

/// A connection handed to another thread only to be given back to its loop, which alone
/// touches it (and checks it is still open) when the completed reply arrives.
struct CompletedReply: @unchecked Sendable {
    let connection: Connection
    let response: HTTPResponse
}

/// Which timeout currently guards a connection. Each kind has one duration, so a list per
/// kind stays sorted by deadline when connections are appended at the tail.
enum TimerKind: Int, CaseIterable {
    case idle, header, body, write, linger
}

/// A doubly linked list of connections ordered by deadline: O(1) append, remove and
/// earliest-deadline lookup, so arming a timer per request costs a few pointer writes.
struct DeadlineList {
    private(set) var head: Connection?
    private var tail: Connection?

    mutating func append(_ connection: Connection) {
        connection.timerPrevious = tail
        connection.timerNext = nil
        if let tail {
            tail.timerNext = connection
        } else {
            head = connection
        }
        tail = connection
    }

    mutating func remove(_ connection: Connection) {
        if let previous = connection.timerPrevious {
            previous.timerNext = connection.timerNext
        } else {
            head = connection.timerNext
        }
        if let next = connection.timerNext {
            next.timerPrevious = connection.timerPrevious
        } else {
            tail = connection.timerPrevious
        }
        connection.timerPrevious = nil
        connection.timerNext = nil
    }
}
