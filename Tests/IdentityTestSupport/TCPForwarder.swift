import Foundation
import Glibc
@testable import IdentityCore
@testable import IdentitySQLite
@testable import IdentityPostgres

/// A loopback TCP proxy to the test PostgreSQL server that can be taken down and brought back, so outage
/// tests cut one store off its database without disturbing the tests running beside them.
///
/// `goDown()` closes the listening socket and every forwarded connection (clients see the connection
/// drop, new connects are refused); `comeBack()` listens on the same port again. One thread does all
/// socket work; the commands wait until it has applied them.
package final class TCPForwarder: @unchecked Sendable {
    private let targetPort: UInt16
    package private(set) var port: UInt16 = 0
    private let lock = NSLock()
    private var wantUp = true
    private var stopRequested = false
    private let applied = DispatchSemaphore(value: 0)
    private var commandPending = false
    private var thread: Thread?

    package init(targetPort: UInt16) throws {
        self.targetPort = targetPort
        let listener = try Self.listen(port: 0)
        port = Self.localPort(listener)
        let thread = Thread { [unowned self] in self.run(listener: listener) }
        self.thread = thread
        thread.start()
    }

    /// The URL of the test server with this proxy's port.
    package static func proxiedURL(_ url: String, port: UInt16) -> String {
        guard let at = url.lastIndex(of: "@") else { return url }
        let afterAt = url[url.index(after: at)...]
        let end = afterAt.firstIndex(where: { $0 == "/" || $0 == "?" }) ?? afterAt.endIndex
        return String(url[...at]) + "127.0.0.1:\(port)" + String(afterAt[end...])
    }

    /// The port of `host:port` in the URL's authority.
    package static func targetPort(of url: String) -> UInt16? {
        guard let at = url.lastIndex(of: "@") else { return nil }
        let afterAt = url[url.index(after: at)...]
        let end = afterAt.firstIndex(where: { $0 == "/" || $0 == "?" }) ?? afterAt.endIndex
        guard let colon = afterAt[..<end].lastIndex(of: ":") else { return nil }
        return UInt16(afterAt[afterAt.index(after: colon)..<end])
    }

    package func goDown() { command(up: false) }
    package func comeBack() { command(up: true) }

    package func stop() {
        lock.lock()
        stopRequested = true
        lock.unlock()
        while thread?.isFinished == false { usleep(1_000) }
    }

    private func command(up: Bool) {
        lock.lock()
        wantUp = up
        commandPending = true
        lock.unlock()
        applied.wait()
    }

    private func run(listener initialListener: Int32) {
        var listener: Int32? = initialListener
        var pairs: [(client: Int32, server: Int32)] = []
        var buffer = [UInt8](repeating: 0, count: 65_536)
        func closePair(_ index: Int) {
            close(pairs[index].client)
            close(pairs[index].server)
            pairs.remove(at: index)
        }
        while true {
            lock.lock()
            let stopping = stopRequested
            let pending = commandPending
            let up = wantUp
            commandPending = false
            lock.unlock()
            if stopping {
                if let listener { close(listener) }
                while !pairs.isEmpty { closePair(0) }
                return
            }
            if pending {
                if up, listener == nil {
                    listener = try? Self.listen(port: port)
                } else if !up {
                    if let open = listener { close(open) }
                    listener = nil
                    while !pairs.isEmpty { closePair(0) }
                }
                applied.signal()
            }
            var descriptors: [pollfd] = []
            if let listener { descriptors.append(pollfd(fd: listener, events: Int16(POLLIN), revents: 0)) }
            for pair in pairs {
                descriptors.append(pollfd(fd: pair.client, events: Int16(POLLIN), revents: 0))
                descriptors.append(pollfd(fd: pair.server, events: Int16(POLLIN), revents: 0))
            }
            guard poll(&descriptors, nfds_t(descriptors.count), 20) > 0 else { continue }
            var offset = 0
            if let open = listener {
                offset = 1
                if descriptors[0].revents & Int16(POLLIN) != 0 {
                    let client = accept(open, nil, nil)
                    if client >= 0 {
                        if let server = try? Self.connect(port: targetPort) {
                            pairs.append((client, server))
                        } else {
                            close(client)
                        }
                    }
                }
            }
            var finished: [Int] = []
            for (index, pair) in pairs.enumerated() where index * 2 + offset + 1 < descriptors.count {
                for (from, to, slot) in [(pair.client, pair.server, index * 2 + offset), (pair.server, pair.client, index * 2 + offset + 1)]
                where descriptors[slot].revents != 0 {
                    let count = read(from, &buffer, buffer.count)
                    if count <= 0 || !Self.writeAll(to, buffer, count) {
                        finished.append(index)
                        break
                    }
                }
            }
            for index in Set(finished).sorted(by: >) { closePair(index) }
        }
    }

    private static func writeAll(_ socket: Int32, _ buffer: [UInt8], _ count: Int) -> Bool {
        var written = 0
        while written < count {
            let result = buffer.withUnsafeBytes { send(socket, $0.baseAddress! + written, count - written, Int32(MSG_NOSIGNAL)) }
            if result <= 0 { return false }
            written += result
        }
        return true
    }

    private static func loopback(port: UInt16) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        return address
    }

    private static func listen(port: UInt16) throws -> Int32 {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var yes: Int32 = 1
        setsockopt(socket, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var address = loopback(port: port)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, Glibc.listen(socket, 64) == 0 else {
            close(socket)
            throw POSIXError(.EADDRINUSE)
        }
        return socket
    }

    private static func connect(port: UInt16) throws -> Int32 {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = loopback(port: port)
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else {
            close(socket)
            throw POSIXError(.ECONNREFUSED)
        }
        return socket
    }

    private static func localPort(_ socket: Int32) -> UInt16 {
        var address = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(socket, $0, &length) }
        }
        return UInt16(bigEndian: address.sin_port)
    }
}
