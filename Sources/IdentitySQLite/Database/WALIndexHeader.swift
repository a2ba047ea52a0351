import CSQLite
import Glibc
import IdentityCore
import Synchronization

/// Reads the WAL-index header that SQLite keeps at the start of the wal-index (`<database>-shm`;
/// sqlite.org/walformat.html, "The WAL-Index Header"): two copies of a 48-byte header that every
/// commit, by any connection of any process, rewrites (change counter, last frame, salts and
/// checksums), the second copy first. Two equal copies make a `CommitStamp`; copies caught in the
/// middle of an update make none, and the caller queries instead.
///
/// The header is read through the writer connection's own mapping of the wal-index (the VFS's
/// `xShmMap`), never through a descriptor of our own: closing any descriptor of the -shm file
/// would drop the POSIX locks SQLite holds on it for the whole process, and another process
/// (`identity-server backup`) could then reset the file under the server's mapping. The mapping
/// lives until the writer closes, so `close()` (called before the database closes its
/// connections) stops new reads and waits for those in flight.
final class WALIndexHeader: Sendable {
    /// SQLite's wal-index region size.
    private static let regionSize: Int32 = 32768
    nonisolated(unsafe) private let base: UnsafeRawPointer
    private let isOpen = Atomic<Bool>(true)
    /// Reads between their check of `isOpen` and their last load.
    private let readsInFlight = Atomic<Int>(0)

    /// Region 0 of `connection`'s wal-index; nil when the connection has no wal-index mapped
    /// (in-memory, or not in WAL mode) or its VFS cannot map one. Call it on the writer before it
    /// is shared, after it has used the WAL (migrations do).
    init?(connection: SQLiteConnection) {
        guard let handle = connection.handle else { return nil }
        var file: UnsafeMutablePointer<sqlite3_file>?
        guard sqlite3_file_control(handle, "main", SQLITE_FCNTL_FILE_POINTER, &file) == SQLITE_OK, let file,
              let methods = file.pointee.pMethods, methods.pointee.iVersion >= 2, let map = methods.pointee.xShmMap
        else { return nil }
        var region: UnsafeMutableRawPointer?
        guard map(file, 0, Self.regionSize, 0, &region) == SQLITE_OK, let region else { return nil }
        base = UnsafeRawPointer(region)
    }

    /// Stops `stamp()` for good (nil from then on) and waits for reads in flight to finish.
    func close() {
        isOpen.store(false, ordering: .sequentiallyConsistent)
        while readsInFlight.load(ordering: .sequentiallyConsistent) != 0 {
            sched_yield()
        }
    }

    /// The current header as a stamp, or nil when closed, not initialized or mid-update.
    func stamp() -> CommitStamp? {
        readsInFlight.add(1, ordering: .sequentiallyConsistent)
        defer { readsInFlight.subtract(1, ordering: .sequentiallyConsistent) }
        guard isOpen.load(ordering: .sequentiallyConsistent) else { return nil }
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
