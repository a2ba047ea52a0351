import CSQLite

/// A SQLite error that means the database cannot be written now because of its file or file
/// system, not because of the request: a full disk, a read-only file system, I/O errors, a
/// database file removed or moved under the server. Each has words an operator can act on.
public enum SQLiteFault: Sendable, Equatable {
    /// SQLITE_FULL: no space left for the database or its WAL.
    case diskFull
    /// SQLITE_READONLY_DBMOVED: the file was removed or renamed while open.
    case fileMoved
    /// SQLITE_READONLY (other): the file or its file system is read-only.
    case readOnly
    /// SQLITE_IOERR, SQLITE_CANTOPEN: reading or writing the file failed.
    case ioError(code: Int32)

    /// Classifies an error; nil for errors that are not file-system faults.
    public init?(_ error: any Error) {
        guard let error = error as? SQLiteError else { return nil }
        switch error.primaryCode {
        case SQLITE_FULL: self = .diskFull
        case SQLITE_READONLY where error.code == 1032: self = .fileMoved
        case SQLITE_READONLY: self = .readOnly
        case SQLITE_IOERR, SQLITE_CANTOPEN: self = .ioError(code: error.code)
        default: return nil
        }
    }

    /// What the client and the log are told.
    public var message: String {
        switch self {
        case .diskFull:
            "The disk is full: the database cannot grow, so writes are refused until space is freed. Reads still work."
        case .fileMoved:
            "The database file was removed or moved while the server was running: writes are refused. Restore the file and restart the server."
        case .readOnly:
            "The database file or its file system is read-only: writes are refused until it is writable again. Reads still work."
        case let .ioError(code):
            "The database file could not be written (I/O error, SQLite code \(code)): writes are refused until the storage recovers."
        }
    }
}

extension SQLiteConnection {
    /// Throws SQLITE_READONLY_DBMOVED when the database file was removed or renamed since it was
    /// opened (SQLITE_FCNTL_HAS_MOVED: one `stat`). In WAL mode SQLite would go on appending to
    /// the WAL of a file that no longer exists, and lose it all at the next checkpoint; writes
    /// check this first. Does nothing for in-memory databases.
    func checkFileNotMoved() throws(SQLiteError) {
        guard let handle else { return }
        var moved: Int32 = 0
        guard sqlite3_file_control(handle, "main", SQLITE_FCNTL_HAS_MOVED, &moved) == SQLITE_OK, moved != 0 else { return }
        throw SQLiteError(code: 1032, message: "the database file \(path) was removed or moved")
    }
}
