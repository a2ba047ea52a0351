import Dispatch
#if canImport(Glibc)
import Glibc
#endif
import Synchronization

/// A multi-loop HTTP/1.1 server: `workers` epoll loops, each on its own thread, each with
/// its own SO_REUSEPORT listener and the connections it accepted. The responder is called
/// synchronously on the loop thread that owns the connection; it may answer later through a
/// `ResponseSlot` (`HTTPReply.deferred`), and the loop sends that response when it comes.
///
/// ```swift
/// let server = HTTPServer(configuration: .init(port: 0), responder: router)
/// let port = try server.start()
/// // ...
/// server.shutdown()
/// server.waitUntilStopped()
/// ```
public final class HTTPServer: Sendable {
    public let configuration: HTTPServerConfiguration
    private let context: ServerContext
    private let state = Mutex(State())
    private let stopped = DispatchGroup()

    private struct State {
        var loops: [EventLoop] = []
        var port: Int?
        var started = false
        var shutdownRequested = false
    }

    public init(configuration: HTTPServerConfiguration, responder: any HTTPResponder) {
        self.configuration = configuration
        context = ServerContext(configuration: configuration, responder: responder)
    }

    /// The bound port once started.
    public var port: Int? { state.withLock { $0.port } }

    /// Binds `host:port` (port 0 picks a free one), starts the loop threads and returns the
    /// bound port. Ignores SIGPIPE process-wide (writes also use MSG_NOSIGNAL).
    @discardableResult
    public func start() throws(HTTPServerError) -> Int {
        let alreadyStarted = state.withLock { state in
            defer { state.started = true }
            return state.started
        }
        guard !alreadyStarted else { throw .alreadyStarted }
        signal(SIGPIPE, SIG_IGN)

        let host = configuration.host
        var address = try ListeningSocket.resolve(host: host, port: configuration.port)
        if configuration.port != 0 {
            try ListeningSocket.ensurePortIsFree(address, host: host, port: configuration.port)
        }
        var listeners: [Int32] = []
        var loops: [EventLoop] = []
        do throws(HTTPServerError) {
            for _ in 0..<max(1, configuration.workers) {
                let fd = try ListeningSocket.listen(on: address, reusePort: true)
                listeners.append(fd)
                if listeners.count == 1 {
                    address = ListeningSocket.withPort(address, ListeningSocket.boundPort(fd))
                }
            }
            for fd in listeners {
                loops.append(try EventLoop(context: context, listenerFD: fd))
            }
        } catch {
            for fd in listeners.dropFirst(loops.count) { Glibc.close(fd) }
            for loop in loops { Glibc.close(loop.listenerFD) }
            throw error
        }
        let port = ListeningSocket.boundPort(listeners[0])
        state.withLock { state in
            state.loops = loops
            state.port = port
        }
        for (index, loop) in loops.enumerated() {
            stopped.enter()
            DetachedThread.start(name: "http-loop-\(index)") { [stopped] in
                loop.run()
                stopped.leave()
            }
        }
        return port
    }

    /// Starts a graceful shutdown and returns at once: listeners stop accepting (new
    /// connections are refused), idle keep-alive connections close, requests in flight
    /// (deferred replies included) are answered with `Connection: close`; after
    /// `shutdownGracePeriod` the rest are cut, and replies completed later are dropped.
    public func shutdown() {
        let loops = state.withLock { state -> [EventLoop] in
            guard state.started && !state.shutdownRequested else { return [] }
            state.shutdownRequested = true
            return state.loops
        }
        // Listeners stop accepting now, even if a loop is busy in a handler. The loops
        // close the descriptors themselves, only after seeing the flag set below.
        for loop in loops { _ = Glibc.shutdown(loop.listenerFD, Int32(SHUT_RD)) }
        context.shuttingDown.store(true, ordering: .releasing)
        for loop in loops { loop.wake() }
    }

    /// Blocks until every loop has finished (after `shutdown()`); returns at once if the
    /// server never started.
    public func waitUntilStopped() {
        stopped.wait()
    }

    /// Open connections across all loops (for tests and monitoring).
    public var openConnectionCount: Int { context.openConnections.load(ordering: .relaxed) }
}
