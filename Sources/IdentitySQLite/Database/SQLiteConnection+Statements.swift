import CSQLite
import IdentityCore

/// A statement checked out for one run: `slot` is its cache entry, or nil for a statement
/// prepared for this run only (finalized at check-in).
struct CheckedOutStatement {
    let pointer: OpaquePointer
    let slot: Int?
}

/// Statement preparation, caching, binding and stepping.
///
/// A statement is marked in use in the cache while checked out and is reset (bindings cleared) when
/// checked in, also after errors. Running the same SQL again while it is still in use (e.g. from
/// inside a row closure) therefore prepares a second statement instead of resetting the one being stepped.
extension SQLiteConnection {
    func checkoutStatement(_ sql: String, _ bindings: [SQLiteValue]) throws(SQLiteError) -> CheckedOutStatement {
        let statement: CheckedOutStatement
        switch statementCache.checkOut(sql) {
        case let .cached(pointer, slot):
            statement = CheckedOutStatement(pointer: pointer, slot: slot)
        case .inUse:
            statement = CheckedOutStatement(pointer: try prepare(sql), slot: nil)
        case .absent:
            let pointer = try prepare(sql)
            statement = CheckedOutStatement(
                pointer: pointer, slot: statementCache.insert(sql, pointer, limit: Self.statementCacheLimit))
        }
        do {
            try bind(bindings, to: statement.pointer, sql)
        } catch {
            checkinStatement(statement)
            throw error
        }
        return statement
    }

    func checkinStatement(_ statement: CheckedOutStatement) {
        guard handle != nil, let slot = statement.slot else {
            sqlite3_finalize(statement.pointer)
            return
        }
        sqlite3_reset(statement.pointer)
        sqlite3_clear_bindings(statement.pointer)
        statementCache.checkIn(slot: slot)
    }

    /// Steps once: true for a row, false when done, throws the connection's error otherwise.
    @inline(__always)
    func step(_ statement: OpaquePointer, _ sql: String) throws(SQLiteError) -> Bool {
        switch sqlite3_step(statement) {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        default: throw SQLiteError.current(handle, sql: sql)
        }
    }

    /// Prepares exactly one statement with SQLITE_PREPARE_PERSISTENT; more than one statement is an error.
    func prepare(_ sql: String) throws(SQLiteError) -> OpaquePointer {
        let db = try openHandle(sql)
        let result: Result<OpaquePointer, SQLiteError> = sql.withCString { text in
            var statement: OpaquePointer?
            var tail: UnsafePointer<CChar>?
            let flags = UInt32(SQLITE_PREPARE_PERSISTENT)
            guard sqlite3_prepare_v3(db, text, -1, flags, &statement, &tail) == SQLITE_OK else {
                return .failure(SQLiteError.current(db, sql: sql))
            }
            guard let statement else {
                return .failure(SQLiteError.misuse("no SQL statement to run", sql: sql))
            }
            if let tail, tail.pointee != 0 {
                var extra: OpaquePointer?
                let rc = sqlite3_prepare_v2(db, tail, -1, &extra, nil)
                sqlite3_finalize(extra)
                if rc != SQLITE_OK || extra != nil {
                    sqlite3_finalize(statement)
                    return .failure(SQLiteError.misuse("only one statement allowed here; use execute() for scripts", sql: sql))
                }
            }
            return .success(statement)
        }
        return try result.get()
    }

    func bind(_ bindings: [SQLiteValue], to statement: OpaquePointer, _ sql: String) throws(SQLiteError) {
        let expected = Int(sqlite3_bind_parameter_count(statement))
        guard expected == bindings.count else {
            throw SQLiteError(
                code: SQLITE_RANGE, message: "statement has \(expected) parameters but \(bindings.count) values were bound",
                sql: sql)
        }
        var index: Int32 = 1
        for value in bindings {
            let rc: Int32
            switch value {
            case .null:
                rc = sqlite3_bind_null(statement, index)
            case .integer(let integer):
                rc = sqlite3_bind_int64(statement, index, integer)
            case .real(let real):
                rc = sqlite3_bind_double(statement, index, real)
            case .text(var text):
                rc = text.withUTF8 { bytes in
                    guard let base = bytes.baseAddress else {
                        return sqlite3_bind_text(statement, index, "", 0, csqlite_transient())
                    }
                    let chars = UnsafeRawPointer(base).assumingMemoryBound(to: CChar.self)
                    return sqlite3_bind_text64(
                        statement, index, chars, sqlite3_uint64(bytes.count), csqlite_transient(), UInt8(SQLITE_UTF8))
                }
            case .blob(let bytes):
                rc = bytes.withUnsafeBytes { raw in
                    guard let base = raw.baseAddress, raw.count > 0 else {
                        return sqlite3_bind_zeroblob(statement, index, 0)
                    }
                    return sqlite3_bind_blob64(statement, index, base, sqlite3_uint64(raw.count), csqlite_transient())
                }
            }
            guard rc == SQLITE_OK else { throw SQLiteError.current(handle, sql: sql) }
            index += 1
        }
    }

    /// The cached statement's SQL with its current bindings expanded (tests check bindings are cleared).
    func cachedStatementExpandedSQL(_ sql: String) -> String? {
        guard let statement = statementCache.statement(for: sql), let expanded = sqlite3_expanded_sql(statement) else { return nil }
        defer { sqlite3_free(expanded) }
        return String(cString: expanded)
    }
}
