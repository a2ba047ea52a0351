import HTTPKit

/// Appends compact JSON (no spaces) to a byte buffer; commas are managed for you.
///
/// Call `key(_:)` before each value inside an object; the writer inserts the separating commas.
/// Strings are escaped by `JSONStringEscaping` (non-ASCII written raw as UTF-8). Doubles are
/// written like Python's `repr`; a non-finite double (which callers must not pass) is written as
/// `null` so the output stays valid JSON.
public struct JSONWriter: Sendable {
    /// The output so far.
    public internal(set) var bytes: [UInt8]
    /// Whether the next value or key must be preceded by a comma.
    private var needsComma = false

    public init(capacity: Int = 1024) {
        bytes = []
        bytes.reserveCapacity(capacity)
    }

    public mutating func beginObject() {
        separate()
        bytes.append(JSONByte.openBrace)
        needsComma = false
    }

    public mutating func endObject() {
        bytes.append(JSONByte.closeBrace)
        needsComma = true
    }

    public mutating func beginArray() {
        separate()
        bytes.append(JSONByte.openBracket)
        needsComma = false
    }

    public mutating func endArray() {
        bytes.append(JSONByte.closeBracket)
        needsComma = true
    }

    /// Writes an object member name; the next call writes its value.
    @_disfavoredOverload
    public mutating func key(_ key: String) {
        separate()
        JSONStringEscaping.append(key, to: &bytes)
        bytes.append(JSONByte.colon)
        needsComma = false
    }

    public mutating func string(_ value: String) {
        separate()
        JSONStringEscaping.append(value, to: &bytes)
        needsComma = true
    }

    /// Writes the string, or `null` for nil.
    public mutating func string(_ value: String?) {
        guard let value else { return null() }
        string(value)
    }

    public mutating func int(_ value: Int64) {
        separate()
        appendInteger(value)
        needsComma = true
    }

    public mutating func int(_ value: Int) {
        int(Int64(value))
    }

    /// Writes the integer, or `null` for nil.
    public mutating func int(_ value: Int?) {
        guard let value else { return null() }
        int(Int64(value))
    }

    /// Writes a finite double like Python's `repr` (`1.0`, `0.3`, `1e-07`, `1e+20`); non-finite → `null`.
    public mutating func double(_ value: Double) {
        separate()
        appendDouble(value)
        needsComma = true
    }

    /// Writes the double, or `null` for nil.
    public mutating func double(_ value: Double?) {
        guard let value else { return null() }
        double(value)
    }

    public mutating func bool(_ value: Bool) {
        separate()
        if value {
            appendASCII("true")
        } else {
            appendASCII("false")
        }
        needsComma = true
    }

    /// Writes the boolean, or `null` for nil.
    public mutating func bool(_ value: Bool?) {
        guard let value else { return null() }
        bool(value)
    }

    public mutating func null() {
        separate()
        appendASCII("null")
        needsComma = true
    }

    /// Writes any JSON value; object members in stored order.
    public mutating func value(_ value: JSONValue) {
        switch value {
        case .null: null()
        case .bool(let flag): bool(flag)
        case .int(let number): int(number)
        case .double(let number): double(number)
        case .string(let text): string(text)
        case .array(let elements):
            beginArray()
            for element in elements {
                self.value(element)
            }
            endArray()
        case .object(let object):
            beginObject()
            for (name, member) in object {
                key(name)
                self.value(member)
            }
            endObject()
        }
    }

    /// Splices already-encoded JSON in as one value; the caller guarantees it is valid JSON.
    public mutating func raw(_ json: [UInt8]) {
        separate()
        bytes.append(contentsOf: json)
        needsComma = true
    }

    /// Writes `"key":` followed by the string, or `null` for nil.
    @_disfavoredOverload
    public mutating func field(_ key: String, _ value: String?) {
        self.key(key)
        string(value)
    }

    /// Writes `"key":` followed by the integer.
    @_disfavoredOverload
    public mutating func field(_ key: String, _ value: Int) {
        self.key(key)
        int(value)
    }

    /// Writes `"key":` followed by the integer, or `null` for nil.
    @_disfavoredOverload
    public mutating func field(_ key: String, _ value: Int?) {
        self.key(key)
        int(value)
    }

    /// Writes `"key":` followed by the integer.
    @_disfavoredOverload
    public mutating func field(_ key: String, _ value: Int64) {
        self.key(key)
        int(value)
    }

    /// Writes `"key":` followed by the double, or `null` for nil.
    @_disfavoredOverload
    public mutating func field(_ key: String, _ value: Double?) {
        self.key(key)
        double(value)
    }

    /// Writes `"key":` followed by the boolean, or `null` for nil.
    @_disfavoredOverload
    public mutating func field(_ key: String, _ value: Bool?) {
        self.key(key)
        bool(value)
    }

    /// Writes `"key":` followed by the value.
    @_disfavoredOverload
    public mutating func field(_ key: String, _ value: JSONValue) {
        self.key(key)
        self.value(value)
    }

    // MARK: Members named by literals

    /// Writes a member name given as a literal (literal names pick this overload): a name that
    /// needs no escaping, as literal names do, is copied in one step.
    public mutating func key(_ key: StaticString) {
        separate()
        let utf8 = UnsafeBufferPointer(start: key.utf8Start, count: key.utf8CodeUnitCount)
        bytes.append(JSONByte.quote)
        if JSONStringEscaping.cleanPrefixLength(utf8) == utf8.count {
            bytes.append(contentsOf: utf8)
        } else {
            JSONStringEscaping.appendEscaped(utf8, to: &bytes)
        }
        bytes.append(JSONByte.quote)
        bytes.append(JSONByte.colon)
        needsComma = false
    }

    /// Writes `"key":` followed by the string, or `null` for nil.
    public mutating func field(_ key: StaticString, _ value: String?) {
        self.key(key)
        string(value)
    }

    /// Writes `"key":` followed by the integer.
    public mutating func field(_ key: StaticString, _ value: Int) {
        self.key(key)
        int(value)
    }

    /// Writes `"key":` followed by the integer, or `null` for nil.
    public mutating func field(_ key: StaticString, _ value: Int?) {
        self.key(key)
        int(value)
    }

    /// Writes `"key":` followed by the integer.
    public mutating func field(_ key: StaticString, _ value: Int64) {
        self.key(key)
        int(value)
    }

    /// Writes `"key":` followed by the double, or `null` for nil.
    public mutating func field(_ key: StaticString, _ value: Double?) {
        self.key(key)
        double(value)
    }

    /// Writes `"key":` followed by the boolean, or `null` for nil.
    public mutating func field(_ key: StaticString, _ value: Bool?) {
        self.key(key)
        bool(value)
    }

    /// Writes `"key":` followed by the value.
    public mutating func field(_ key: StaticString, _ value: JSONValue) {
        self.key(key)
        self.value(value)
    }

    @inline(__always)
    private mutating func separate() {
        if needsComma { bytes.append(JSONByte.comma) }
    }

    @inline(__always)
    mutating func appendASCII(_ text: StaticString) {
        bytes.append(contentsOf: UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    /// Appends the decimal digits of `value`.
    mutating func appendInteger(_ value: Int64) {
        if value < 0 { bytes.append(JSONByte.minus) }
        appendDigits(value.magnitude)
    }

    /// Appends the decimal digits of `value` without allocating.
    mutating func appendDigits(_ value: UInt64) {
        if value < 10 {
            bytes.append(JSONByte.zero + UInt8(value))
            return
        }
        var remaining = value
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { digits in
            var start = 20
            while remaining > 0 {
                start -= 1
                digits[start] = JSONByte.zero + UInt8(remaining % 10)
                remaining /= 10
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: digits[start ..< 20]))
        }
    }
}
