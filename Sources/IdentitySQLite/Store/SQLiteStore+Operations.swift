import IdentityCore
import CSQLite
import Glibc
import HTTPKit

/// Write-group sizes and commit durations of one SQLite store, recorded by the writer thread.
final class SQLiteWriteMetrics: Sendable {
    let groupSizes = MetricHistogram(bounds: [1, 2, 4, 8, 16, 32, 64])
    let commitSeconds = MetricHistogram(bounds: [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1])

    func record(jobs: Int, commitNanoseconds: UInt64) {
        groupSizes.observe(Double(jobs))
        commitSeconds.observe(Double(commitNanoseconds) / 1e9)
    }
}

extension SQLiteStore: StoreOperations {
    public var backendName: String { "sqlite" }

    /// `identity_server_sqlite_*`: write-group sizes and commit durations (histograms), busy
    /// retries, the database and WAL file sizes; `identity_server_store_writable`.
    public func registerMetrics(on registry: MetricsRegistry) {
        let path = database.path
        let isInMemory = database.isInMemory
        registry.addCollector { [writeMetrics, health] writer in
            writer.family(
                "identity_server_sqlite_write_group_size", help: "Write requests committed together in one transaction.",
                type: .histogram)
            writeMetrics.groupSizes.write("identity_server_sqlite_write_group_size", labels: [], into: &writer)
            writer.family(
                "identity_server_sqlite_commit_duration_seconds", help: "Time a write group's COMMIT took.", type: .histogram)
            writeMetrics.commitSeconds.write("identity_server_sqlite_commit_duration_seconds", labels: [], into: &writer)
            writer.family(
                "identity_server_sqlite_busy_retries_total", help: "Waits for a lock held by another connection.",
                type: .counter)
            writer.sample(
                "identity_server_sqlite_busy_retries_total", value: SQLiteBusyHandler.retries.load(ordering: .relaxed))
            writer.family("identity_server_sqlite_database_bytes", help: "Size of the database file.", type: .gauge)
            writer.sample("identity_server_sqlite_database_bytes", value: isInMemory ? 0 : Self.fileSize(path))
            writer.family("identity_server_sqlite_wal_bytes", help: "Size of the write-ahead log.", type: .gauge)
            writer.sample("identity_server_sqlite_wal_bytes", value: isInMemory ? 0 : Self.fileSize(path + "-wal"))
            writer.family(
                "identity_server_store_writable", help: "1 when the last write committed, 0 during a write failure episode.",
                type: .gauge)
            writer.sample("identity_server_store_writable", value: health.problem == nil ? 1.0 : 0.0)
        }
    }

    /// Nil while writes commit. During a failure episode, the file system is checked again
    /// (free space, read-only, the file still in place), so readiness turns back to 200 as soon
    /// as space returns, before the next write proves it.
    public func readinessProblem() -> String? {
        guard let problem = health.problem else { return nil }
        guard !database.isInMemory else { return problem }
        let path = database.path
        var status = stat()
        guard stat(path, &status) == 0, status.st_ino == openedInode else {
            return SQLiteFault.fileMoved.message
        }
        let directory = PathComponents.split(path).directory
        var volume = statvfs()
        guard statvfs(directory.isEmpty ? "." : directory, &volume) == 0 else { return problem }
        if volume.f_flag & UInt(ST_RDONLY) != 0 { return SQLiteFault.readOnly.message }
        if UInt64(volume.f_bavail) * UInt64(volume.f_frsize) < Self.readinessFreeBytes { return SQLiteFault.diskFull.message }
        return nil
    }

    /// An open failure on a read-only file system says so (SQLite only says it cannot open the file).
    static func explainOpenFailure(_ error: any Error, path: String) -> any Error {
        guard !path.isEmpty, path != ":memory:" else { return error }
        let directory = PathComponents.split(path).directory
        var volume = statvfs()
        guard statvfs(directory.isEmpty ? "." : directory, &volume) == 0, volume.f_flag & UInt(ST_RDONLY) != 0 else {
            return error
        }
        return SQLiteError(code: SQLITE_READONLY, message: "\(path) is on a read-only file system: the server must write the database and its WAL (\(error))")
    }

    /// Free space below which a store in a disk-full episode stays unready.
    static let readinessFreeBytes: UInt64 = 1 << 20

    static func fileSize(_ path: String) -> Double {
        var status = stat()
        return stat(path, &status) == 0 ? Double(status.st_size) : 0
    }

    /// The inode of the database file (0 for in-memory or when it cannot be read).
    static func inode(of path: String) -> UInt {
        var status = stat()
        return stat(path, &status) == 0 ? UInt(status.st_ino) : 0
    }
}
