import CEpoll
#if canImport(Glibc)
import Glibc
#endif

/// Reading, answering and writing for the connections of one loop.
///
/// Ordering: requests on a connection are answered strictly one after another. The parser
/// is only asked for the next request once the previous response is queued (a deferred one
/// included: the connection waits for its `ResponseSlot`), and only while
/// less than `outputHighWater` bytes wait to be sent; while a response cannot be written the
/// socket is polled for EPOLLOUT only, so a client cannot make the server buffer unbounded
/// work. Every queued response is complete, so a parse error after it is always answered.
extension EventLoop {
    static let outputHighWater = 64 * 1024

    func handleReadable(_ connection: Connection) {
        if connection.awaited != nil && connection.interest == EPOLLIN.rawValue {
            // Input while a deferred reply is pending (a pipelined request, or the peer's
            // close): it stays in the socket, unpolled, until the reply is queued (`serve`).
            setInterest(connection, 0)
            return
        }
        let received = recv(connection.fd, readBuffer.baseAddress, readBuffer.count, 0)
        if received > 0 {
            metrics?.bump(.bytesReceived, by: UInt64(received))
            if connection.isLingering { return }
            connection.parser.append(UnsafeRawBufferPointer(start: readBuffer.baseAddress, count: received))
            serve(connection)
        } else if received == 0 {
            if connection.isLingering {
                close(connection)
                return
            }
            connection.peerClosed = true
            serve(connection)
        } else {
            let code = errno
            if code == EAGAIN || code == EWOULDBLOCK || code == EINTR { return }
            close(connection)
        }
    }

    /// Writes what is queued, answers buffered requests while the socket takes the bytes,
    /// then sets the poll interest and the timer for whatever the connection waits for.
    func serve(_ connection: Connection) {
        if connection.isLingering { return }
        while true {
            if connection.hasPendingOutput {
                guard flush(connection) else { return }
            }
            if connection.isClosingAfterFlush {
                finishClosing(connection)
                return
            }
            guard answerBufferedRequests(connection) else { break }
        }
        if connection.awaited != nil {
            // A responder answers later: read nothing more (pipelined requests stay in the
            // socket, so input stays bounded) and run no timer until the reply arrives. Input
            // polling is turned off only once input comes (`handleReadable`): a client that
            // waits for its answer, the usual case, costs no `epoll_ctl` call either way.
            if connection.interest != EPOLLIN.rawValue { setInterest(connection, 0) }
            disarm(connection)
            return
        }
        // The peer will send nothing more; or we are draining and the connection just
        // became idle (its last response was queued before shutdown began).
        if connection.peerClosed || (isDraining && connection.parser.isIdle) {
            close(connection)
            return
        }
        setInterest(connection, EPOLLIN.rawValue)
        if connection.parser.isReadingBody {
            arm(connection, .body)
        } else if connection.parser.isIdle {
            arm(connection, .idle)
        } else if connection.timerKind != .header {
            arm(connection, .header)
        }
    }

    /// Queues responses for complete buffered requests; returns whether anything was queued.
    private func answerBufferedRequests(_ connection: Connection) -> Bool {
        let before = connection.output.count
        while connection.output.count < Self.outputHighWater && !connection.isClosingAfterFlush && connection.awaited == nil {
            let event: HTTPRequestParser.Event?
            do {
                event = try connection.parser.next()
            } catch {
                metrics?.countParseError(error)
                queueFailure(connection, status: error.status, detail: error.detail)
                break
            }
            guard let event else { break }
            switch event {
            case .continueExpected:
                connection.output.append(ResponseEncoder.continueBytes)
            case let .request(request):
                respond(connection, to: request)
            }
        }
        return connection.output.count > before
    }

    private func respond(_ connection: Connection, to request: HTTPRequest) {
        let started = context.accessLog == nil && metrics == nil ? 0 : MonotonicClock.now()
        metrics?.requestStarted()
        switch context.responder.reply(to: request) {
        case let .response(response):
            queue(response, for: request, started: started, on: connection)
        case let .deferred(slot):
            connection.awaitReply(AwaitedReply(request: request, started: started))
            // Only carried to `deliver`, which hands it back to this loop's thread.
            nonisolated(unsafe) let target = connection
            slot.whenCompleted { [self] response in
                deliver(CompletedReply(connection: target, response: response))
            }
        }
    }

    /// Encodes the response to `request` and decides whether the connection stays open.
    private func queue(_ response: HTTPResponse, for request: HTTPRequest, started: UInt64, on connection: Connection) {
        let keepAlive = request.wantsKeepAlive && !connection.peerClosed && !context.isShuttingDown
        let framing = ResponseEncoder.Framing(
            suppressBody: request.method == .head, keepAlive: keepAlive, isHTTP10: request.version == .http1_0
        )
        ResponseEncoder.encode(response, framing: framing, date: dateCache.bytes, into: &connection.output)
        if !keepAlive { connection.closeAfterFlush(linger: false) }
        if context.accessLog != nil || metrics != nil {
            let elapsed = MonotonicClock.now() - started
            context.accessLog?(request.method, request.path, response.status, Int(elapsed / 1000))
            if let metrics {
                metrics.requestFinished()
                if response.route != .uncounted {
                    metrics.record(method: request.method, route: response.route, status: response.status.code, nanoseconds: elapsed)
                }
            }
        }
    }

    /// Queues a deferred response that came back through `deliver` and resumes the
    /// connection. Dropped when the connection closed (or timed out) in the meantime.
    func resume(with reply: CompletedReply) {
        let connection = reply.connection
        guard Int(connection.fd) < connections.count, connections[Int(connection.fd)] === connection,
              let awaited = connection.takeAwaitedReply()
        else { return }
        queue(reply.response, for: awaited.request, started: awaited.started, on: connection)
        serve(connection)
    }

    /// A complete `{"detail": ...}` response with `Connection: close`; the connection ends after it.
    func queueFailure(_ connection: Connection, status: HTTPStatus, detail: String) {
        let framing = ResponseEncoder.Framing(suppressBody: false, keepAlive: false, isHTTP10: false)
        ResponseEncoder.encode(.detail(status, detail), framing: framing, date: dateCache.bytes, into: &connection.output)
        connection.closeAfterFlush(linger: true)
        logRejection(connection, status: status)
    }

    /// Logs a request the loop answered itself, with what is known of its request line.
    private func logRejection(_ connection: Connection, status: HTTPStatus) {
        guard context.accessLog != nil || context.rejectedRequestLog != nil else { return }
        var method = HTTPMethod("-")
        var path: Substring = "-"
        if let line = connection.parser.currentRequestLine {
            method = line.method
            path = HTTPRequest(method: line.method, target: line.target).path
        }
        context.accessLog?(method, path, status, 0)
        context.rejectedRequestLog?(method, path, status, 0)
    }

    /// Sends queued bytes. Returns `true` when everything went out; `false` when the socket
    /// is full (EPOLLOUT armed) or the connection was closed.
    private func flush(_ connection: Connection) -> Bool {
        var progressed = false
        while connection.hasPendingOutput {
            let sent = connection.output.send(to: connection.fd)
            if sent > 0 {
                metrics?.bump(.bytesSent, by: UInt64(sent))
                progressed = true
                continue
            }
            let code = errno
            if sent < 0 && code == EINTR { continue }
            if sent < 0 && (code == EAGAIN || code == EWOULDBLOCK) {
                setInterest(connection, EPOLLOUT.rawValue)
                if progressed || connection.timerKind != .write {
                    arm(connection, .write)
                }
                return false
            }
            close(connection)
            return false
        }
        return true
    }

    /// After the final response: close at once when nothing more is coming from the peer;
    /// otherwise half-close and drain input briefly so the peer reads our response
    /// instead of a reset caused by its unread bytes.
    private func finishClosing(_ connection: Connection) {
        guard connection.shouldLingerOnClose && !connection.peerClosed else {
            close(connection)
            return
        }
        _ = Glibc.shutdown(connection.fd, Int32(SHUT_WR))
        connection.startLingering()
        setInterest(connection, EPOLLIN.rawValue)
        arm(connection, .linger)
    }

    func timedOut(_ connection: Connection, _ kind: TimerKind) {
        switch kind {
        case .idle, .write, .linger:
            close(connection)
        case .header, .body:
            guard !connection.hasPendingOutput else {
                close(connection)
                return
            }
            queueFailure(connection, status: .requestTimeout, detail: "Request timeout")
            serve(connection)
        }
    }

    func close(_ connection: Connection) {
        disarm(connection)
        if Int(connection.fd) < connections.count, connections[Int(connection.fd)] === connection {
            connections[Int(connection.fd)] = nil
            connectionCount -= 1
            if let metrics {
                metrics.set(.openConnections, connectionCount)
                // A deferred reply that will now be dropped is no longer in flight.
                if connection.awaited != nil { metrics.requestFinished() }
            }
            context.releaseConnection()
            Glibc.close(connection.fd)
        }
    }
}
