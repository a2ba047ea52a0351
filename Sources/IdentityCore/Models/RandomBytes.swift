import Glibc
import Synchronization

/// Random bytes for new ids, read from the kernel's cryptographic source (`/dev/urandom`) 4 KiB
/// at a time. An id needs 10; drawing them with a system call per id cost 7 % of the writer
/// thread's time under a stream of creations. Falls back to `SystemRandomNumberGenerator` (a
/// `getrandom` call per 8 bytes) when the device cannot be read.
enum RandomBytes {
    private struct Pool {
        var bytes = [UInt8](repeating: 0, count: 4096)
        /// Bytes before this index were handed out; `bytes.count` means the pool is empty.
        var next = 4096
        var device: Int32 = -2
    }

    private static let pool = Mutex(Pool())

    /// Fills `buffer` with fresh random bytes; no byte is ever handed out twice.
    static func fill(_ buffer: UnsafeMutableRawBufferPointer) {
        let filled = pool.withLock { pool -> Bool in
            if pool.next + buffer.count > pool.bytes.count && !refill(&pool) { return false }
            pool.bytes.withUnsafeBytes { source in
                buffer.copyMemory(from: UnsafeRawBufferPointer(rebasing: source[pool.next..<pool.next + buffer.count]))
            }
            pool.next += buffer.count
            return true
        }
        if !filled {
            var generator = SystemRandomNumberGenerator()
            for index in buffer.indices { buffer[index] = generator.next() }
        }
    }

    private static func refill(_ pool: inout Pool) -> Bool {
        if pool.device == -2 { pool.device = open("/dev/urandom", O_RDONLY | O_CLOEXEC) }
        guard pool.device >= 0 else { return false }
        var count = 0
        while count < pool.bytes.count {
            let read = pool.bytes.withUnsafeMutableBytes { Glibc.read(pool.device, $0.baseAddress! + count, $0.count - count) }
            if read > 0 {
                count += read
            } else if read < 0 && errno == EINTR {
                continue
            } else {
                return false
            }
        }
        pool.next = 0
        return true
    }
}
