#if canImport(Glibc)
import Glibc
#endif

/// Whole-file and standard-stream I/O through glibc, for command-line code that would
/// otherwise reach for Foundation's `FileHandle` and `FileManager`.
public enum StandardStreams {
    /// Writes `text` to standard error (all of it, retrying short writes; errors are ignored).
    public static func writeError(_ text: String) {
        _ = write(bytes: Array(text.utf8), to: STDERR_FILENO)
    }

    /// Writes `bytes` to standard output; false if it failed (a closed pipe, a full disk).
    @discardableResult
    public static func writeOutput(_ bytes: [UInt8]) -> Bool {
        write(bytes: bytes, to: STDOUT_FILENO)
    }

    /// All of standard input, read to its end; nil on a read error.
    public static func readInput() -> [UInt8]? {
        readAll(from: STDIN_FILENO)
    }

    /// The contents of the file at `path`, or nil if it cannot be opened or read.
    public static func readFile(_ path: String) -> [UInt8]? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        return readAll(from: fd)
    }

    /// Creates or truncates the file at `path` (mode 0644 less the umask) with `bytes`; false on failure.
    public static func writeFile(_ path: String, _ bytes: [UInt8]) -> Bool {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { return false }
        let written = write(bytes: bytes, to: fd)
        return close(fd) == 0 && written
    }

    /// `value` with `digits` decimals, as C's `%.*f` prints it.
    public static func fixed(_ value: Double, digits: Int) -> String {
        var buffer = [CChar](repeating: 0, count: 64)
        let count = withVaList([Int32(digits), value]) { vsnprintf(&buffer, buffer.count, "%.*f", $0) }
        guard count >= 0, count < buffer.count else { return "\(value)" }
        return String(decoding: buffer[..<Int(count)].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    private static func write(bytes: [UInt8], to fd: Int32) -> Bool {
        bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = Glibc.write(fd, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 && errno == EINTR { continue }
                guard written > 0 else { return false }
                offset += written
            }
            return true
        }
    }

    private static func readAll(from fd: Int32) -> [UInt8]? {
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            guard count >= 0 else { return nil }
            if count == 0 { return bytes }
            bytes.append(contentsOf: chunk[..<count])
        }
    }
}
