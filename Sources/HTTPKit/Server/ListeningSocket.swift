import CEpoll
#if canImport(Glibc)
import Glibc
#endif

/// Why the server could not start.
public enum HTTPServerError: Error, CustomStringConvertible, Equatable {
    /// The host is not an address or resolvable name.
    case invalidAddress(String)
    /// A system call failed with `errno`.
    case systemCall(String, Int32)
    /// Another socket already listens on the port.
    case addressInUse(host: String, port: Int)
    /// `start()` was called twice.
    case alreadyStarted

    public var description: String {
        switch self {
        case let .invalidAddress(host): return "invalid listen address '\(host)'"
        case let .systemCall(call, code): return "\(call) failed: \(String(cString: strerror(code)))"
        case let .addressInUse(host, port): return "address already in use: \(host):\(port)"
        case .alreadyStarted: return "server already started"
        }
    }
}

/// Creates the listening sockets: one per loop, all bound to the same address with
/// SO_REUSEPORT so the kernel balances incoming connections between them.
enum ListeningSocket {
    static let backlog: Int32 = 4096

    /// A resolved socket address for `host:port` (IPv4 or IPv6).
    struct Address {
        var storage = sockaddr_storage()
        var length: socklen_t = 0
        var family: Int32 { Int32(storage.ss_family) }
    }

    static func resolve(host: String, port: Int) throws(HTTPServerError) -> Address {
        guard (0...65535).contains(port) else { throw .invalidAddress("\(host):\(port)") }
        var hints = addrinfo()
        hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var results: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, String(port), &hints, &results) == 0, let first = results else {
            throw .invalidAddress(host)
        }
        defer { freeaddrinfo(results) }
        var address = Address()
        address.length = first.pointee.ai_addrlen
        withUnsafeMutableBytes(of: &address.storage) { storage in
            storage.copyMemory(from: UnsafeRawBufferPointer(start: first.pointee.ai_addr, count: Int(first.pointee.ai_addrlen)))
        }
        return address
    }

    /// Binds and listens; returns the descriptor (non-blocking, close-on-exec).
    static func listen(on address: Address, reusePort: Bool) throws(HTTPServerError) -> Int32 {
        let fd = socket(address.family, Int32(SOCK_STREAM.rawValue | SOCK_NONBLOCK.rawValue | SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw .systemCall("socket", errno) }
        var one: Int32 = 1
        let size = socklen_t(MemoryLayout<Int32>.size)
        _ = setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, size)
        if reusePort { _ = setsockopt(fd, SOL_SOCKET, SO_REUSEPORT, &one, size) }
        var storage = address.storage
        let bound = withUnsafePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, address.length) }
        }
        guard bound == 0 else {
            let code = errno
            Glibc.close(fd)
            throw .systemCall("bind", code)
        }
        guard Glibc.listen(fd, backlog) == 0 else {
            let code = errno
            Glibc.close(fd)
            throw .systemCall("listen", code)
        }
        return fd
    }

    /// Fails with `addressInUse` when some socket already holds the port. Needed because
    /// SO_REUSEPORT would otherwise let a second server silently share it with the first.
    static func ensurePortIsFree(_ address: Address, host: String, port: Int) throws(HTTPServerError) {
        do {
            let probe = try listen(on: address, reusePort: false)
            Glibc.close(probe)
        } catch .systemCall("bind", EADDRINUSE) {
            throw .addressInUse(host: host, port: port)
        }
    }

    /// The port a socket is bound to.
    static func boundPort(_ fd: Int32) -> Int {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        _ = withUnsafeMutablePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        // sin_port and sin6_port both follow the 2-byte family field.
        let networkOrder = withUnsafeBytes(of: &storage) {
            $0.load(fromByteOffset: MemoryLayout<sa_family_t>.size, as: UInt16.self)
        }
        return Int(UInt16(bigEndian: networkOrder))
    }

    /// Same address with another port (after the first socket learned its ephemeral port).
    static func withPort(_ address: Address, _ port: Int) -> Address {
        var copy = address
        withUnsafeMutableBytes(of: &copy.storage) { raw in
            raw.storeBytes(of: UInt16(port).bigEndian, toByteOffset: MemoryLayout<sa_family_t>.size, as: UInt16.self)
        }
        return copy
    }
}
