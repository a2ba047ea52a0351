#if canImport(Glibc)
import Glibc
#endif
import Synchronization

/// The default access log: one line per request, `METHOD PATH STATUS MICROSECONDSus`,
/// built in a reused byte buffer and written with a single `write` under a lock, so lines
/// from different loops never interleave and no String is formatted per request.
public final class StandardErrorAccessLog: Sendable {
    /// Writes to standard error.
    public static let shared = StandardErrorAccessLog(fileDescriptor: 2)

    private let fileDescriptor: Int32
    private let line = Mutex<[UInt8]>([])

    public init(fileDescriptor: Int32) {
        self.fileDescriptor = fileDescriptor
    }

    /// This log as an `HTTPServerConfiguration.accessLog` sink.
    public var sink: AccessLogSink {
        { method, path, status, microseconds in
            self.record(method: method, path: path, status: status, microseconds: microseconds)
        }
    }

    public func record(method: HTTPMethod, path: Substring, status: HTTPStatus, microseconds: Int) {
        line.withLock { bytes in
            bytes.removeAll(keepingCapacity: true)
            bytes.append(contentsOf: method.rawValue.utf8)
            bytes.append(UInt8(ascii: " "))
            for byte in path.utf8 {
                bytes.append(byte < 0x20 || byte == 0x7F ? UInt8(ascii: "?") : byte)
            }
            bytes.append(UInt8(ascii: " "))
            ResponseEncoder.appendDecimal(status.code, to: &bytes)
            bytes.append(UInt8(ascii: " "))
            ResponseEncoder.appendDecimal(microseconds, to: &bytes)
            ResponseEncoder.appendLiteral("us\n", to: &bytes)
            bytes.withUnsafeBytes { raw in
                var offset = 0
                while offset < raw.count {
                    let written = write(fileDescriptor, raw.baseAddress! + offset, raw.count - offset)
                    if written < 0 && errno == EINTR { continue }
                    guard written > 0 else { return }
                    offset += written
                }
            }
        }
    }
}
