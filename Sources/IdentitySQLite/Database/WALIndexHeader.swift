import Glibc
import IdentityCore
import Synchronization

/// Reads the WAL-index header that SQLite keeps at the start of `<database>-shm`
/// (sqlite.org/walformat.html, "The WAL-Index Header"): two copies of a 48-byte header that every
/// commit, by any connection of any process, rewrites (change counter, last frame, salts and
/// checksums), the second copy first. Two equal copies make a `CommitStamp`; copies caught in the
/// middle of an update make none, and the caller queries instead.
///
/// The file is mapped read-only once the database's own connections have created it. They keep
/// it open, and SQLite only resets a WAL-index that no connection has open, so the mapping stays
/// valid while the database is open; `close()` stops the reads before the connections close.
final class WALIndexHeader: Sendable {
    /// Both copies of the header: 2 × 48 bytes.
    private static let length = 96
    nonisolated(unsafe) private let base: UnsafeRawPointer
    private let isOpen = Atomic<Bool>(true)

    /// Maps `<databasePath>-shm`; nil when it does not exist yet or cannot be mapped.
    init?(databasePath: String) {
        let descriptor = open(databasePath + "-shm", O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { Glibc.close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0, status.st_size >= Self.length else { return nil }
        guard let mapped = mmap(nil, Self.length, PROT_READ, MAP_SHARED, descriptor, 0), mapped != MAP_FAILED else {
            return nil
        }
        base = UnsafeRawPointer(mapped)
    }

    deinit {
        munmap(UnsafeMutableRawPointer(mutating: base), Self.length)
    }

    /// Stops `stamp()` for good (it returns nil from then on).
    func close() {
        isOpen.store(false, ordering: .sequentiallyConsistent)
    }

    /// The current header as a stamp, or nil when closed, not initialized or mid-update.
    func stamp() -> CommitStamp? {
        guard isOpen.load(ordering: .acquiring) else { return nil }
        let first = words(at: 0)
        atomicMemoryFence(ordering: .acquiring)
        let second = words(at: 48)
        // Byte 12 of a copy is `isInit`.
        guard first == second, (first.1 >> 32) & 0xFF == 1 else { return nil }
        return CommitStamp(first.0, first.1, first.2, first.3, first.4, first.5)
    }

    private func words(at offset: Int) -> (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) {
        func word(_ index: Int) -> UInt64 { base.loadUnaligned(fromByteOffset: offset + 8 * index, as: UInt64.self) }
        return (word(0), word(1), word(2), word(3), word(4), word(5))
    }
}
