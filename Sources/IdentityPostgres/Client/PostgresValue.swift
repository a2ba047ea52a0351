import IdentityCore

/// A statement parameter, sent in PostgreSQL's text format (the server parses it as the parameter's type,
/// inferred from the statement or given by a cast such as `$2::text[]`).
///
/// PostgreSQL text cannot contain U+0000: NUL characters are removed when a string is bound.
public enum PostgresValue: Sendable, Equatable {
    case null
    case text(String)

    public static func string(_ value: String?) -> PostgresValue {
        value.map { .text($0) } ?? .null
    }

    public static func int(_ value: Int64) -> PostgresValue {
        .text(String(value))
    }

    public static func int(_ value: Int) -> PostgresValue {
        .text(String(value))
    }

    public static func int(_ value: Int?) -> PostgresValue {
        value.map { .text(String($0)) } ?? .null
    }

    public static func int(_ value: Int64?) -> PostgresValue {
        value.map { .text(String($0)) } ?? .null
    }

    public static func bool(_ value: Bool) -> PostgresValue {
        .text(value ? "t" : "f")
    }

    public static func bool(_ value: Bool?) -> PostgresValue {
        value.map { .bool($0) } ?? .null
    }

    /// A one-dimensional array literal (`{"a","b"}`), for parameters cast to `text[]`, `bigint[]`, ….
    public static func array(_ values: [String]) -> PostgresValue {
        var literal = "{"
        for (index, value) in values.enumerated() {
            if index > 0 { literal += "," }
            literal += "\""
            for character in value.unicodeScalars {
                if character == "\"" || character == "\\" { literal += "\\" }
                literal.unicodeScalars.append(character)
            }
            literal += "\""
        }
        literal += "}"
        return .text(literal)
    }

    /// Binary data as a `bytea` hex literal (`\\x0a1b…`).
    public static func bytes(_ value: [UInt8]) -> PostgresValue {
        let digits = Array("0123456789abcdef".utf8)
        var text: [UInt8] = [UInt8(ascii: "\\"), UInt8(ascii: "x")]
        text.reserveCapacity(2 + value.count * 2)
        for byte in value {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0F)])
        }
        return .text(String(decoding: text, as: UTF8.self))
    }

    /// An integer array literal (`{1,2,3}`).
    public static func array(_ values: [Int]) -> PostgresValue {
        .text("{" + values.map(String.init).joined(separator: ",") + "}")
    }
}

/// The parameters of one statement laid out for libpq: every value NUL-terminated in one buffer.
struct PostgresParameterBuffer {
    private var bytes: [CChar] = []
    private var offsets: [Int?] = []

    init(_ values: [PostgresValue]) {
        offsets.reserveCapacity(values.count)
        for value in values {
            switch value {
            case .null:
                offsets.append(nil)
            case .text(let text):
                offsets.append(bytes.count)
                for byte in text.utf8 where byte != 0 {
                    bytes.append(CChar(bitPattern: byte))
                }
                bytes.append(0)
            }
        }
    }

    var count: Int32 { Int32(offsets.count) }

    /// Calls `body` with the `paramValues` array libpq expects (nil for SQL NULL), valid only inside `body`.
    func withPointers<T>(_ body: (UnsafePointer<UnsafePointer<CChar>?>?) throws -> T) rethrows -> T {
        try bytes.withUnsafeBufferPointer { buffer in
            let pointers: [UnsafePointer<CChar>?] = offsets.map { offset in
                offset.map { buffer.baseAddress! + $0 }
            }
            return try pointers.withUnsafeBufferPointer { try body($0.baseAddress) }
        }
    }
}
