import IdentityCore

/// A value bound to or read from SQLite.
///
/// Literals work directly in binding arrays: `["name", 42, 1.5, true, nil]`.
/// Booleans are stored as the integers 0 and 1, as SQLite has no boolean type.
public enum SQLiteValue: Sendable, Equatable, ExpressibleByStringLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByNilLiteral, ExpressibleByFloatLiteral, ExpressibleByBooleanLiteral
{
    case null
    case integer(Int64)
    case real(Double)
    case text(String)
    case blob([UInt8])

    public init(stringLiteral value: String) { self = .text(value) }
    public init(integerLiteral value: Int64) { self = .integer(value) }
    public init(nilLiteral: ()) { self = .null }
    public init(floatLiteral value: Double) { self = .real(value) }
    public init(booleanLiteral value: Bool) { self = .integer(value ? 1 : 0) }

    /// Text, or NULL when `value` is nil.
    public init(_ value: String?) { self = value.map { .text($0) } ?? .null }
    /// Integer, or NULL when `value` is nil.
    public init(_ value: Int?) { self = value.map { .integer(Int64($0)) } ?? .null }
    /// Integer, or NULL when `value` is nil.
    public init(_ value: Int64?) { self = value.map { .integer($0) } ?? .null }
    /// Real, or NULL when `value` is nil.
    public init(_ value: Double?) { self = value.map { .real($0) } ?? .null }
    /// 1 for true, 0 for false, or NULL when `value` is nil.
    public init(_ value: Bool?) { self = value.map { .integer($0 ? 1 : 0) } ?? .null }
    /// Blob, or NULL when `value` is nil.
    public init(_ value: [UInt8]?) { self = value.map { .blob($0) } ?? .null }

    /// True for `.null`.
    public var isNull: Bool {
        if case .null = self { return true }
        return false
    }
}
