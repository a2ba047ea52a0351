import CSQLite
import IdentityCore

/// An error reported by SQLite (or by this wrapper for misuse), with the extended result code.
public struct SQLiteError: Error, Sendable, CustomStringConvertible {
    /// The extended result code, e.g. 2067 for SQLITE_CONSTRAINT_UNIQUE.
    public let code: Int32
    /// `sqlite3_errmsg` at the time of the failure, or the wrapper's own explanation.
    public let message: String
    /// The statement that failed, when there was one.
    public let sql: String?

    public init(code: Int32, message: String, sql: String? = nil) {
        self.code = code
        self.message = message
        self.sql = sql
    }

    /// The primary result code (the low byte of `code`), e.g. SQLITE_CONSTRAINT (19).
    public var primaryCode: Int32 { code & 0xFF }

    /// A UNIQUE or PRIMARY KEY constraint failed (SQLITE_CONSTRAINT_UNIQUE 2067, SQLITE_CONSTRAINT_PRIMARYKEY 1555).
    public var isUniqueConstraint: Bool { code == 2067 || code == 1555 }
    /// A FOREIGN KEY constraint failed (SQLITE_CONSTRAINT_FOREIGNKEY 787).
    public var isForeignKeyConstraint: Bool { code == 787 }
    /// A NOT NULL constraint failed (SQLITE_CONSTRAINT_NOTNULL 1299).
    public var isNotNullConstraint: Bool { code == 1299 }
    /// Any constraint failed (SQLITE_CONSTRAINT and its extended codes).
    public var isConstraint: Bool { primaryCode == SQLITE_CONSTRAINT }
    /// The database stayed locked beyond the busy timeout (SQLITE_BUSY and its extended codes).
    /// Callers map this to 503 Service Unavailable.
    public var isBusy: Bool { primaryCode == SQLITE_BUSY }

    /// Whether the message contains `text`, compared as UTF-8 bytes: e.g. the index named in
    /// `UNIQUE constraint failed: index 'identities_identifier_key_unique'`, where the extended
    /// code alone does not tell which constraint failed.
    public func messageContains(_ text: String) -> Bool {
        let haystack = Array(message.utf8)
        let needle = Array(text.utf8)
        guard let first = needle.first else { return true }
        guard needle.count <= haystack.count else { return false }
        for start in 0...(haystack.count - needle.count) where haystack[start] == first {
            if haystack[start..<(start + needle.count)].elementsEqual(needle) { return true }
        }
        return false
    }

    public var description: String {
        var text = "SQLite error \(code): \(message)"
        if let sql { text += " (in: \(sql))" }
        return text
    }

    /// Wrapper misuse such as running on a closed connection (reported as SQLITE_MISUSE).
    static func misuse(_ message: String, sql: String? = nil) -> SQLiteError {
        SQLiteError(code: SQLITE_MISUSE, message: message, sql: sql)
    }

    /// The connection's current error: extended code and `sqlite3_errmsg`.
    static func current(_ db: OpaquePointer?, sql: String?) -> SQLiteError {
        let code = db.map { sqlite3_extended_errcode($0) } ?? SQLITE_ERROR
        let message = db.flatMap { sqlite3_errmsg($0) }.map { String(cString: $0) } ?? "unknown error"
        return SQLiteError(code: code, message: message, sql: sql)
    }
}
