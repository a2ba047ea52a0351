import CEpoll
#if canImport(Glibc)
import Glibc
#endif

/// Starts a detached POSIX thread running a closure: what the server needs of Foundation's
/// `Thread`, without linking Foundation (whose shared libraries alone are about 10 MiB of the
/// idle process's resident memory). The thread gets glibc's default stack (reserved, touched
/// only as deep as it is used).
public enum DetachedThread {
    /// Starts `body` on a new thread named `name` (Linux keeps the first 15 bytes, shown by
    /// `top -H` and in `/proc/PID/task/*/comm`). A thread that cannot be created is a fatal error.
    public static func start(name: String, _ body: @escaping @Sendable () -> Void) {
        let start = Unmanaged.passRetained(Start(name: name, body: body)).toOpaque()
        var attributes = pthread_attr_t()
        pthread_attr_init(&attributes)
        defer { pthread_attr_destroy(&attributes) }
        pthread_attr_setdetachstate(&attributes, Int32(PTHREAD_CREATE_DETACHED))
        var thread = pthread_t()
        let status = pthread_create(&thread, &attributes, { argument in
            let start = Unmanaged<Start>.fromOpaque(argument!).takeRetainedValue()
            _ = pthread_setname_np(pthread_self(), String(decoding: start.name.utf8.prefix(15), as: UTF8.self))
            start.body()
            return nil
        }, start)
        guard status == 0 else {
            Unmanaged<Start>.fromOpaque(start).release()
            fatalError("cannot start thread \(name): \(String(cString: strerror(status)))")
        }
    }

    private final class Start {
        let name: String
        let body: @Sendable () -> Void

        init(name: String, body: @escaping @Sendable () -> Void) {
            self.name = name
            self.body = body
        }
    }
}
