#if canImport(Glibc)
import Glibc
#endif

/// Turns SIGTERM and SIGINT into a callback on an ordinary thread (via `sigwait`), where it
/// may take locks and call `HTTPServer.shutdown()`, which a signal handler could not.
public enum SignalHandling {
    /// Blocks SIGTERM and SIGINT in the calling thread, and so in every thread it starts
    /// afterwards, then waits for them on a dedicated thread and calls `handler` with the
    /// signal number each time one arrives. Call it first in `main`, before `HTTPServer.start()`
    /// creates the loop threads (a thread started earlier would still get the default action).
    public static func onTermination(_ handler: @escaping @Sendable (Int32) -> Void) {
        var signals = terminationSignals()
        pthread_sigmask(SIG_BLOCK, &signals, nil)
        DetachedThread.start(name: "signal-wait") {
            var signals = terminationSignals()
            while true {
                var received: Int32 = 0
                if sigwait(&signals, &received) == 0 {
                    handler(received)
                }
            }
        }
    }

    private static func terminationSignals() -> sigset_t {
        var signals = sigset_t()
        sigemptyset(&signals)
        sigaddset(&signals, SIGTERM)
        sigaddset(&signals, SIGINT)
        return signals
    }
}
