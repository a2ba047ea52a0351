/// One accepted socket, owned by exactly one event loop for its whole life. Plain state:
/// the loop (`EventLoop+Connections.swift`) drives reading, answering and writing.
final class Connection {
    let fd: Int32
    var parser: HTTPRequestParser
    /// Encoded responses not yet sent; bytes before `outputOffset` are already written.
    var output: [UInt8] = []
    var outputOffset = 0
    /// The last queued response ends the connection (error, `Connection: close`, shutdown).
    var closeAfterFlush = false
    /// Close by half-closing and reading until the peer closes, so unread request bytes
    /// do not turn our final response into a reset (lingering close).
    var lingerOnClose = false
    /// We sent FIN and are discarding input until the peer closes or the linger timer fires.
    var isLingering = false
    /// The peer sent FIN: answer what is complete, then close.
    var peerClosed = false
    /// The request whose response a `ResponseSlot` will deliver. While set, nothing else is
    /// parsed or read (pipelined requests wait in the socket) and no timer runs.
    var awaited: AwaitedReply?
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

    var hasPendingOutput: Bool { outputOffset < output.count }

    /// Nothing received of a next request and nothing left to send.
    var isIdle: Bool { parser.isIdle && !hasPendingOutput && !isLingering && awaited == nil }
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
