import CLibPQ
import IdentityCore

/// The rows of one statement's result (text format), freed when the last reference goes away.
public final class PostgresResult: @unchecked Sendable {
    let handle: OpaquePointer

    init(handle: OpaquePointer) {
        self.handle = handle
    }

    deinit {
        PQclear(handle)
    }

    public var rowCount: Int { Int(PQntuples(handle)) }
    public var columnCount: Int { Int(PQnfields(handle)) }

    /// Rows affected by an INSERT/UPDATE/DELETE (0 for other statements).
    public var affectedRows: Int {
        guard let text = PQcmdTuples(handle), text.pointee != 0 else { return 0 }
        return Int(PostgresRow.parseInt(text))
    }

    public subscript(row: Int) -> PostgresRow {
        PostgresRow(result: self, index: Int32(row))
    }

    /// Decodes every row with `transform`.
    public func map<T>(_ transform: (PostgresRow) throws -> T) rethrows -> [T] {
        var values: [T] = []
        values.reserveCapacity(rowCount)
        for index in 0..<rowCount {
            values.append(try transform(self[index]))
        }
        return values
    }

    /// The first row, if any.
    public var first: PostgresRow? { rowCount > 0 ? self[0] : nil }
}

/// One row of a `PostgresResult`. Columns are 0-based; values arrive in text format. Reading a NULL
/// through a non-optional accessor yields the type's zero value ("", 0, false, []).
public struct PostgresRow {
    let result: PostgresResult
    let index: Int32

    public func isNull(_ column: Int32) -> Bool {
        PQgetisnull(result.handle, index, column) == 1
    }

    public func string(_ column: Int32) -> String {
        guard let value = PQgetvalue(result.handle, index, column) else { return "" }
        return String(cString: value)
    }

    public func optionalString(_ column: Int32) -> String? {
        isNull(column) ? nil : string(column)
    }

    public func int64(_ column: Int32) -> Int64 {
        guard let value = PQgetvalue(result.handle, index, column) else { return 0 }
        return Self.parseInt(value)
    }

    public func int(_ column: Int32) -> Int {
        Int(truncatingIfNeeded: int64(column))
    }

    public func optionalInt64(_ column: Int32) -> Int64? {
        isNull(column) ? nil : int64(column)
    }

    public func optionalInt(_ column: Int32) -> Int? {
        isNull(column) ? nil : int(column)
    }

    /// `t`/`f` booleans.
    public func bool(_ column: Int32) -> Bool {
        guard let value = PQgetvalue(result.handle, index, column) else { return false }
        return value.pointee == CChar(UInt8(ascii: "t"))
    }

    public func optionalBool(_ column: Int32) -> Bool? {
        isNull(column) ? nil : bool(column)
    }

    /// A `bytea` value in PostgreSQL's hex output format (`\\x…`); NULL reads as [].
    public func bytes(_ column: Int32) -> [UInt8] {
        guard !isNull(column), let value = PQgetvalue(result.handle, index, column) else { return [] }
        let length = Int(PQgetlength(result.handle, index, column))
        return value.withMemoryRebound(to: UInt8.self, capacity: length) { pointer in
            guard length >= 2, pointer[0] == UInt8(ascii: "\\"), pointer[1] == UInt8(ascii: "x") else { return [] }
            func nibble(_ digit: UInt8) -> UInt8 {
                digit >= UInt8(ascii: "a") ? digit - UInt8(ascii: "a") + 10 : digit - UInt8(ascii: "0")
            }
            return stride(from: 2, to: length - 1, by: 2).map { nibble(pointer[$0]) << 4 | nibble(pointer[$0 + 1]) }
        }
    }

    /// A one-dimensional text array (`{a,"b c",NULL}`); NULL elements are skipped, a NULL array reads as [].
    public func stringArray(_ column: Int32) -> [String] {
        guard !isNull(column), let value = PQgetvalue(result.handle, index, column) else { return [] }
        let length = Int(PQgetlength(result.handle, index, column))
        return value.withMemoryRebound(to: UInt8.self, capacity: length) { pointer in
            Self.parseArray(UnsafeBufferPointer(start: pointer, count: length))
        }
    }

    /// A decimal integer in a NUL-terminated C string (optional leading '-').
    static func parseInt(_ text: UnsafePointer<CChar>) -> Int64 {
        var pointer = text
        var negative = false
        if pointer.pointee == CChar(UInt8(ascii: "-")) {
            negative = true
            pointer += 1
        }
        var value: Int64 = 0
        while pointer.pointee >= CChar(UInt8(ascii: "0")) && pointer.pointee <= CChar(UInt8(ascii: "9")) {
            value = value &* 10 &+ Int64(pointer.pointee - CChar(UInt8(ascii: "0")))
            pointer += 1
        }
        return negative ? -value : value
    }

    /// Parses PostgreSQL's text output of a one-dimensional array: elements separated by commas, quoted
    /// with backslash escapes when they contain special characters, unquoted `NULL` for null.
    static func parseArray(_ bytes: UnsafeBufferPointer<UInt8>) -> [String] {
        var elements: [String] = []
        var position = 0
        guard bytes.count >= 2, bytes[0] == UInt8(ascii: "{") else { return [] }
        position = 1
        while position < bytes.count, bytes[position] != UInt8(ascii: "}") {
            var element: [UInt8] = []
            if bytes[position] == UInt8(ascii: "\"") {
                position += 1
                while position < bytes.count, bytes[position] != UInt8(ascii: "\"") {
                    if bytes[position] == UInt8(ascii: "\\"), position + 1 < bytes.count { position += 1 }
                    element.append(bytes[position])
                    position += 1
                }
                position += 1
                elements.append(String(decoding: element, as: UTF8.self))
            } else {
                while position < bytes.count, bytes[position] != UInt8(ascii: ","), bytes[position] != UInt8(ascii: "}") {
                    element.append(bytes[position])
                    position += 1
                }
                if element != Array("NULL".utf8) {
                    elements.append(String(decoding: element, as: UTF8.self))
                }
            }
            if position < bytes.count, bytes[position] == UInt8(ascii: ",") { position += 1 }
        }
        return elements
    }
}

extension PostgresRow: StoredRow {}
