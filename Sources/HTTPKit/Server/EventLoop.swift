import CEpoll
#if canImport(Glibc)
import Glibc
#endif
import Synchronization

/// One epoll loop on its own thread (level-triggered). It owns a listening socket (one per
/// loop, SO_REUSEPORT, so the kernel spreads new connections across loops with no shared
/// accept queue and no thundering herd) and every connection it accepts, for life.
/// Handlers run synchronously on this thread: no thread or task per request. A responder
/// may answer later (`HTTPReply.deferred`); the completed response comes back through
/// `deliver` and the eventfd, and is sent from this thread.
///
/// Timeouts: every connection sits in exactly one `DeadlineList` (idle, header, body,
/// write, linger); `epoll_wait` sleeps until the earliest head expires.
final class EventLoop: @unchecked Sendable {
    static let maxEvents: Int32 = 256
    static let readBufferSize = 64 * 1024

    let context: ServerContext
    let epollFD: Int32
    let wakeFD: Int32
    let listenerFD: Int32
    private(set) var listenerOpen = true
    /// Connections by file descriptor.
    var connections: [Connection?] = []
    var connectionCount = 0
    let readBuffer: UnsafeMutableRawBufferPointer
    var now: UInt64
    let dateCache = DateCache()
    /// This loop's counters, when the server keeps metrics.
    let metrics: LoopMetrics?
    var timers = [DeadlineList](repeating: DeadlineList(), count: TimerKind.allCases.count)
    private(set) var isDraining = false
    private var forceCloseAt = UInt64.max
    /// Accepting paused after EMFILE/ENFILE until this time.
    private var acceptResumeAt = UInt64.max
    /// Deferred responses completed on other threads, waiting for this loop to send them.
    private let completedReplies = Mutex<[CompletedReply]>([])

    init(context: ServerContext, listenerFD: Int32) throws(HTTPServerError) {
        self.context = context
        self.listenerFD = listenerFD
        metrics = context.metrics?.makeLoopMetrics()
        epollFD = epoll_create1(Int32(EPOLL_CLOEXEC))
        guard epollFD >= 0 else { throw .systemCall("epoll_create1", errno) }
        wakeFD = eventfd(0, Int32(EFD_NONBLOCK) | Int32(EFD_CLOEXEC))
        guard wakeFD >= 0 else {
            let code = errno
            Glibc.close(epollFD)
            throw .systemCall("eventfd", code)
        }
        readBuffer = .allocate(byteCount: Self.readBufferSize, alignment: 16)
        now = MonotonicClock.now()
        guard register(wakeFD, events: EPOLLIN.rawValue), register(listenerFD, events: EPOLLIN.rawValue) else {
            let code = errno
            Glibc.close(epollFD)
            Glibc.close(wakeFD)
            readBuffer.deallocate()
            throw .systemCall("epoll_ctl", code)
        }
    }

    deinit {
        Glibc.close(epollFD)
        Glibc.close(wakeFD)
        readBuffer.deallocate()
    }

    /// Wakes the loop from any thread (used by shutdown and deferred responses).
    func wake() {
        var one: UInt64 = 1
        _ = Glibc.write(wakeFD, &one, 8)
    }

    /// Hands a completed deferred response to this loop from any thread. Only the first
    /// reply queued since the loop last looked writes the eventfd.
    func deliver(_ reply: CompletedReply) {
        let isFirst = completedReplies.withLock { replies in
            replies.append(reply)
            return replies.count == 1
        }
        if isFirst { wake() }
    }

    private func resumeCompletedReplies() {
        let replies = completedReplies.withLock { replies in
            defer { replies = [] }
            return replies
        }
        for reply in replies { resume(with: reply) }
    }

    /// Runs until shutdown has drained every connection.
    func run() {
        let events = UnsafeMutablePointer<epoll_event>.allocate(capacity: Int(Self.maxEvents))
        defer { events.deallocate() }
        while !(isDraining && connectionCount == 0) {
            let count = epoll_wait(epollFD, events, Self.maxEvents, nextTimeoutMilliseconds())
            now = MonotonicClock.now()
            if count < 0 {
                if errno == EINTR { continue }
                break
            }
            dateCache.refresh()
            for index in 0..<Int(count) {
                dispatch(events[index])
            }
            expireTimers()
            if !isDraining && context.isShuttingDown { beginDraining() }
        }
        closeEverything()
    }

    private func dispatch(_ event: epoll_event) {
        let fd = event.data.fd
        if fd == wakeFD {
            var value: UInt64 = 0
            _ = Glibc.read(wakeFD, &value, 8)
            resumeCompletedReplies()
            return
        }
        if fd == listenerFD {
            if listenerOpen { acceptConnections() }
            return
        }
        guard fd >= 0, Int(fd) < connections.count, let connection = connections[Int(fd)] else { return }
        let flags = event.events
        if flags & EPOLLOUT.rawValue != 0 {
            serve(connection)
            guard connections[Int(fd)] === connection else { return }
        }
        if flags & (EPOLLIN.rawValue | EPOLLHUP.rawValue | EPOLLERR.rawValue) != 0 {
            handleReadable(connection)
        }
    }

    private func acceptConnections() {
        for _ in 0..<64 {
            let fd = cepoll_accept(listenerFD, Int32(SOCK_NONBLOCK.rawValue | SOCK_CLOEXEC.rawValue))
            if fd < 0 {
                switch errno {
                case EINTR, ECONNABORTED:
                    continue
                case EMFILE, ENFILE, ENOBUFS, ENOMEM:
                    pauseAccepting()
                    return
                default:
                    return
                }
            }
            guard context.reserveConnection() else {
                metrics?.bump(.refusedConnections)
                rejectOverCapacity(fd)
                continue
            }
            var one: Int32 = 1
            _ = setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
            guard register(fd, events: EPOLLIN.rawValue) else {
                Glibc.close(fd)
                context.releaseConnection()
                continue
            }
            let connection = Connection(fd: fd, limits: context.limits, interest: EPOLLIN.rawValue)
            if Int(fd) >= connections.count {
                connections.append(contentsOf: repeatElement(nil, count: Int(fd) + 1 - connections.count))
            }
            connections[Int(fd)] = connection
            connectionCount += 1
            metrics?.set(.openConnections, connectionCount)
            arm(connection, .idle)
        }
    }

    /// Over the connection cap: a complete 503 and close, so the client learns why.
    private func rejectOverCapacity(_ fd: Int32) {
        var bytes: [UInt8] = []
        let response = HTTPResponse.detail(.serviceUnavailable, "Too many open connections")
        let framing = ResponseEncoder.Framing(suppressBody: false, keepAlive: false, isHTTP10: false)
        ResponseEncoder.encode(response, framing: framing, date: dateCache.bytes, into: &bytes)
        _ = bytes.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL | MSG_DONTWAIT)) }
        Glibc.close(fd)
    }

    /// Out of descriptors: stop polling the listener briefly instead of spinning on it.
    private func pauseAccepting() {
        _ = epoll_ctl(epollFD, EPOLL_CTL_DEL, listenerFD, nil)
        acceptResumeAt = now + 100_000_000
    }

    func register(_ fd: Int32, events: UInt32) -> Bool {
        var event = epoll_event()
        event.events = events
        event.data.fd = fd
        return epoll_ctl(epollFD, EPOLL_CTL_ADD, fd, &event) == 0
    }

    func setInterest(_ connection: Connection, _ events: UInt32) {
        guard connection.interest != events else { return }
        var event = epoll_event()
        event.events = events
        event.data.fd = connection.fd
        _ = epoll_ctl(epollFD, EPOLL_CTL_MOD, connection.fd, &event)
        connection.interest = events
    }

    /// Puts a connection at the tail of the list for `kind`, deadline `now + timeout`.
    func arm(_ connection: Connection, _ kind: TimerKind) {
        if let current = connection.timerKind {
            timers[current.rawValue].remove(connection)
        }
        connection.timerKind = kind
        connection.deadline = now + context.timeouts[kind.rawValue]
        timers[kind.rawValue].append(connection)
    }

    func disarm(_ connection: Connection) {
        if let current = connection.timerKind {
            timers[current.rawValue].remove(connection)
            connection.timerKind = nil
        }
    }

    private func nextTimeoutMilliseconds() -> Int32 {
        var earliest = min(forceCloseAt, acceptResumeAt)
        for list in timers {
            if let head = list.head, head.deadline < earliest { earliest = head.deadline }
        }
        if earliest == .max { return -1 }
        let current = MonotonicClock.now()
        if earliest <= current { return 0 }
        return Int32(min((earliest - current + 999_999) / 1_000_000, 60_000))
    }

    private func expireTimers() {
        if now >= forceCloseAt {
            for case let connection? in connections { close(connection) }
            return
        }
        if now >= acceptResumeAt {
            acceptResumeAt = .max
            if listenerOpen && !isDraining { _ = register(listenerFD, events: EPOLLIN.rawValue) }
        }
        for kind in TimerKind.allCases {
            while let connection = timers[kind.rawValue].head, connection.deadline <= now {
                disarm(connection)
                timedOut(connection, kind)
            }
        }
    }

    /// Graceful shutdown: stop accepting, close idle keep-alive connections; the rest finish
    /// their request (answered with `Connection: close`) or are cut at the grace deadline.
    private func beginDraining() {
        isDraining = true
        forceCloseAt = now + context.gracePeriod
        closeListener()
        for case let connection? in connections where connection.isIdle {
            close(connection)
        }
    }

    private func closeListener() {
        guard listenerOpen else { return }
        listenerOpen = false
        _ = epoll_ctl(epollFD, EPOLL_CTL_DEL, listenerFD, nil)
        Glibc.close(listenerFD)
    }

    private func closeEverything() {
        for case let connection? in connections { close(connection) }
        closeListener()
    }
}
