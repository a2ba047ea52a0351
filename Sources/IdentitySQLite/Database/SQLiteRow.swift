import CSQLite
import IdentityCore

/// One row of a result, valid only inside the row closure of `query`/`queryFirst`.
///
/// Columns are 0-based. `int(_:)` is overloaded for `Int64` and `Int`; without a type context it reads `Int64`. The row reads straight from the stepping statement, so it must not be stored
/// or used after the closure returns.
public struct SQLiteRow {
    let statement: OpaquePointer

    init(statement: OpaquePointer) {
        self.statement = statement
    }

    /// Number of columns in the result.
    public var columnCount: Int32 { sqlite3_column_count(statement) }

    /// The column's name as written in the query (or its alias).
    public func columnName(_ column: Int32) -> String {
        sqlite3_column_name(statement, column).map { String(cString: $0) } ?? ""
    }

    /// Integer value; NULL reads as 0.
    public func int(_ column: Int32) -> Int64 {
        sqlite3_column_int64(statement, column)
    }

    /// Integer value; NULL reads as 0.
    @_disfavoredOverload
    public func int(_ column: Int32) -> Int {
        Int(truncatingIfNeeded: sqlite3_column_int64(statement, column))
    }

    public func optionalInt(_ column: Int32) -> Int64? {
        isNull(column) ? nil : sqlite3_column_int64(statement, column)
    }

    @_disfavoredOverload
    public func optionalInt(_ column: Int32) -> Int? {
        isNull(column) ? nil : Int(truncatingIfNeeded: sqlite3_column_int64(statement, column))
    }

    /// Real value; NULL reads as 0.
    public func double(_ column: Int32) -> Double {
        sqlite3_column_double(statement, column)
    }

    public func optionalDouble(_ column: Int32) -> Double? {
        isNull(column) ? nil : sqlite3_column_double(statement, column)
    }

    /// Text value (embedded NUL characters preserved); NULL reads as "".
    public func string(_ column: Int32) -> String {
        optionalString(column) ?? ""
    }

    public func optionalString(_ column: Int32) -> String? {
        guard let text = sqlite3_column_text(statement, column) else { return nil }
        let count = Int(sqlite3_column_bytes(statement, column))
        return String(decoding: UnsafeBufferPointer(start: text, count: count), as: UTF8.self)
    }

    /// True when the integer value is non-zero; NULL reads as false.
    public func bool(_ column: Int32) -> Bool {
        sqlite3_column_int64(statement, column) != 0
    }

    public func optionalBool(_ column: Int32) -> Bool? {
        isNull(column) ? nil : sqlite3_column_int64(statement, column) != 0
    }

    /// Blob value; NULL reads as [].
    public func blob(_ column: Int32) -> [UInt8] {
        guard let bytes = sqlite3_column_blob(statement, column) else { return [] }
        let count = Int(sqlite3_column_bytes(statement, column))
        return Array(UnsafeRawBufferPointer(start: bytes, count: count))
    }

    public func isNull(_ column: Int32) -> Bool {
        sqlite3_column_type(statement, column) == SQLITE_NULL
    }

    /// The value with its stored SQLite type.
    public func value(_ column: Int32) -> SQLiteValue {
        switch sqlite3_column_type(statement, column) {
        case SQLITE_INTEGER: return .integer(sqlite3_column_int64(statement, column))
        case SQLITE_FLOAT: return .real(sqlite3_column_double(statement, column))
        case SQLITE_TEXT: return .text(string(column))
        case SQLITE_BLOB: return .blob(blob(column))
        default: return .null
        }
    }
}

extension SQLiteRow: StoredRow {
    public func int64(_ column: Int32) -> Int64 { int(column) }
    public func optionalInt64(_ column: Int32) -> Int64? { optionalInt(column) }
}
