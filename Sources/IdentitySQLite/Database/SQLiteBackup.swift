import CSQLite
import Dispatch
import Glibc

/// An online copy of a live SQLite database (SQLite's backup API), safe while a server writes
/// to it: the whole copy is taken in one step, inside one read snapshot, so it holds exactly
/// the transactions committed before the snapshot began and writers are never blocked (WAL).
///
/// The copy is written to a temporary name beside the destination, switched to a single file
/// (`journal_mode = DELETE`), fsynced, renamed over the destination and the directory fsynced:
/// a half-written copy never carries the destination's name.
public enum SQLiteBackup {
    /// What a backup copied.
    public struct Summary: Sendable {
        public var pages: Int
        public var bytes: Int
        public var seconds: Double
    }

    /// Copies the database at `source` (which must exist) to `destination`.
    public static func copy(from source: String, to destination: String) throws -> Summary {
        let started = DispatchTime.now().uptimeNanoseconds
        var status = stat()
        guard stat(source, &status) == 0, status.st_mode & S_IFMT == S_IFREG else {
            throw SQLiteError(code: SQLITE_CANTOPEN, message: "no database file at \(source)")
        }
        let (directory, name) = PathComponents.split(destination)
        let temporary = (directory.isEmpty ? "." : directory) + "/." + name + ".tmp-\(getpid())"
        removeFiles(temporary)
        do {
            let pages = try copyPages(from: source, to: temporary)
            try syncFile(temporary)
            guard rename(temporary, destination) == 0 else { throw systemError("rename to \(destination)") }
            try syncFile(directory.isEmpty ? "." : directory)
            var copied = stat()
            stat(destination, &copied)
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
            return Summary(pages: pages, bytes: Int(copied.st_size), seconds: seconds)
        } catch {
            removeFiles(temporary)
            throw error
        }
    }

    /// Runs the backup API from `source` into a new file `target`; returns the pages copied.
    private static func copyPages(from source: String, to target: String) throws -> Int {
        var from: OpaquePointer?
        guard sqlite3_open_v2(source, &from, SQLITE_OPEN_READWRITE | SQLITE_OPEN_EXRESCODE, nil) == SQLITE_OK, let from else {
            defer { sqlite3_close_v2(from) }
            throw SQLiteError.current(from, sql: nil)
        }
        defer { sqlite3_close_v2(from) }
        SQLiteBusyHandler.install(on: from, timeoutMilliseconds: 10_000)
        var to: OpaquePointer?
        guard sqlite3_open_v2(target, &to, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_EXRESCODE, nil) == SQLITE_OK,
              let to
        else {
            defer { sqlite3_close_v2(to) }
            throw SQLiteError.current(to, sql: nil)
        }
        defer { sqlite3_close_v2(to) }
        guard let backup = sqlite3_backup_init(to, "main", from, "main") else {
            throw SQLiteError.current(to, sql: nil)
        }
        // -1: every page in one step, under one read snapshot of the source.
        var rc = sqlite3_backup_step(backup, -1)
        while rc == SQLITE_BUSY || rc == SQLITE_LOCKED {
            usleep(20_000)
            rc = sqlite3_backup_step(backup, -1)
        }
        let pages = Int(sqlite3_backup_pagecount(backup))
        sqlite3_backup_finish(backup)
        guard rc == SQLITE_DONE else {
            throw SQLiteError(code: rc, message: "backup failed: \(String(cString: sqlite3_errstr(rc)))")
        }
        guard sqlite3_exec(to, "PRAGMA journal_mode = DELETE", nil, nil, nil) == SQLITE_OK else {
            throw SQLiteError.current(to, sql: "PRAGMA journal_mode = DELETE")
        }
        return pages
    }

    private static func syncFile(_ path: String) throws {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw systemError("open \(path)") }
        defer { close(fd) }
        guard fsync(fd) == 0 else { throw systemError("fsync \(path)") }
    }

    private static func removeFiles(_ path: String) {
        for suffix in ["", "-journal", "-wal", "-shm"] { unlink(path + suffix) }
    }

    private static func systemError(_ what: String) -> SQLiteError {
        SQLiteError(code: SQLITE_IOERR, message: "\(what): \(String(cString: strerror(errno)))")
    }
}
