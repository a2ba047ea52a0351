#if canImport(Glibc)
import Glibc
#endif
import HTTPKit
import Synchronization

/// How the server writes its log lines: human-readable text or one JSON object per line.
public enum LogFormat: String, Sendable, CaseIterable {
    case text, json
}

/// One answered request, as the access log records it.
public struct AccessLogEntry: Sendable {
    public var time: Timestamp
    public var method: HTTPMethod
    /// The raw path, without the query string (which may carry names and cursors).
    public var path: Substring
    public var status: Int
    public var microseconds: Int
    /// Who asked; nil when authentication failed.
    public var principal: Principal?

    public init(
        time: Timestamp, method: HTTPMethod, path: Substring, status: Int, microseconds: Int, principal: Principal?
    ) {
        self.time = time
        self.method = method
        self.path = path
        self.status = status
        self.microseconds = microseconds
        self.principal = principal
    }
}

/// The structured access log: one line per request with time, method, path, status, duration
/// and the organization and principal when known. Text lines read
/// `2025-06-01T12:34:56.789012Z GET /v1/identities/ 200 153us org=org-… principal=admin`;
/// JSON lines are `{"time":…,"method":…,"path":…,"status":…,"duration_us":…,"organization_id":…,"principal":…}`.
/// Each line is handed to `write` whole, under a lock, so lines from different loops never interleave.
public final class AccessLog: Sendable {
    public let format: LogFormat
    private let output: Mutex<LineOutput>

    private struct LineOutput {
        let write: @Sendable ([UInt8]) -> Void
    }

    /// Writes lines with `write` (standard error by default).
    public init(format: LogFormat, write: @escaping @Sendable ([UInt8]) -> Void = AccessLog.writeToStandardError) {
        self.format = format
        output = Mutex(LineOutput(write: write))
    }

    public func record(_ entry: AccessLogEntry) {
        let line = format == .json ? Self.jsonLine(entry) : Self.textLine(entry)
        output.withLock { $0.write(line) }
    }

    /// This log as an `HTTPServerConfiguration.rejectedRequestLog` sink: requests the server
    /// rejected before routing, logged like others, without organization or principal.
    public var rejectedRequestSink: AccessLogSink {
        { method, path, status, microseconds in
            self.record(AccessLogEntry(
                time: .now(), method: method, path: path, status: status.code, microseconds: microseconds,
                principal: nil))
        }
    }

    static func textLine(_ entry: AccessLogEntry) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(160)
        bytes.append(contentsOf: entry.time.iso8601.utf8)
        bytes.append(UInt8(ascii: " "))
        bytes.append(contentsOf: entry.method.rawValue.utf8)
        bytes.append(UInt8(ascii: " "))
        for byte in entry.path.utf8 {
            bytes.append(byte <= 0x20 || byte == 0x7F ? UInt8(ascii: "?") : byte)
        }
        bytes.append(contentsOf: " \(entry.status) \(entry.microseconds)us org=".utf8)
        bytes.append(contentsOf: (entry.principal?.organizationID ?? "-").utf8)
        bytes.append(contentsOf: " principal=".utf8)
        bytes.append(contentsOf: (entry.principal?.logName ?? "-").utf8)
        bytes.append(UInt8(ascii: "\n"))
        return bytes
    }

    static func jsonLine(_ entry: AccessLogEntry) -> [UInt8] {
        var writer = JSONWriter(capacity: 200)
        writer.beginObject()
        writer.field("time", entry.time.iso8601)
        writer.field("method", entry.method.rawValue)
        writer.field("path", String(entry.path))
        writer.field("status", entry.status)
        writer.field("duration_us", entry.microseconds)
        writer.field("organization_id", entry.principal?.organizationID)
        writer.field("principal", entry.principal?.logName)
        writer.endObject()
        var bytes = writer.bytes
        bytes.append(UInt8(ascii: "\n"))
        return bytes
    }

    /// Writes all of `bytes` to file descriptor 2, retrying on EINTR and short writes.
    public static let writeToStandardError: @Sendable ([UInt8]) -> Void = { bytes in
        bytes.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let written = Glibc.write(2, raw.baseAddress! + offset, raw.count - offset)
                if written < 0 && errno == EINTR { continue }
                guard written > 0 else { return }
                offset += written
            }
        }
    }
}
