/// Collects validation issues the way pydantic does (every problem of a request reported at
/// once) and reads typed fields out of decoded JSON. Lax conversions follow pydantic's
/// defaults where clients rely on them (integral floats and digit strings for integers,
/// "true"/"false"-like strings for booleans in query strings).
///
/// Use one validator per request: read every field, then call `throwIfInvalid()`.
public final class Validator {
    public private(set) var issues: [ValidationIssue] = []

    public init() {}

    public var isValid: Bool { issues.isEmpty }

    public func add(_ type: String, _ location: [LocationItem], _ message: String, input: JSONValue, context: JSONObject? = nil) {
        issues.append(ValidationIssue(type: type, location: location, message: message, input: input, context: context))
    }

    /// Throws a 422 `APIError` carrying every collected issue, if any.
    public func throwIfInvalid(examples: [String]? = nil) throws(APIError) {
        if !issues.isEmpty { throw APIError.validation(issues, examples: examples) }
    }

    // MARK: Objects

    /// The value as an object, or an issue.
    public func object(_ value: JSONValue, at location: [LocationItem]) -> JSONObject? {
        if case let .object(object) = value { return object }
        add("model_attributes_type", location, "Input should be a valid dictionary or object to extract fields from", input: value)
        return nil
    }

    /// Reports every key of `object` not in `allowed` as `extra_forbidden`.
    public func forbidExtraKeys(_ object: JSONObject, allowed: Set<String>, at location: [LocationItem]) {
        for (key, value) in object where !allowed.contains(key) {
            add("extra_forbidden", location + [.key(key)], "Extra inputs are not permitted", input: value)
        }
    }

    /// Reports a missing required key; returns its value (which may be `.null`) when present.
    public func required(_ object: JSONObject, _ key: String, at location: [LocationItem]) -> JSONValue? {
        guard let value = object[key] else {
            add("missing", location + [.key(key)], "Field required", input: .object(object))
            return nil
        }
        return value
    }

    // MARK: Scalars

    /// A required string field (null is an error).
    public func requiredString(_ object: JSONObject, _ key: String, at location: [LocationItem]) -> String? {
        guard let value = required(object, key, at: location) else { return nil }
        return string(value, at: location + [.key(key)])
    }

    /// An optional string field: absent or null → nil.
    public func optionalString(_ object: JSONObject, _ key: String, at location: [LocationItem]) -> String? {
        guard let value = object[key], value != .null else { return nil }
        return string(value, at: location + [.key(key)])
    }

    public func string(_ value: JSONValue, at location: [LocationItem]) -> String? {
        if case let .string(text) = value { return text }
        add("string_type", location, "Input should be a valid string", input: value)
        return nil
    }

    /// An optional integer field: absent or null → nil.
    public func optionalInt(_ object: JSONObject, _ key: String, at location: [LocationItem]) -> Int? {
        guard let value = object[key], value != .null else { return nil }
        return int(value, at: location + [.key(key)])
    }

    public func int(_ value: JSONValue, at location: [LocationItem]) -> Int? {
        switch value {
        case let .int(number):
            return Int(exactly: number) ?? reportIntType(value, location)
        case let .double(number):
            if number.rounded(.towardZero) == number, let exact = Int(exactly: number) { return exact }
            add("int_from_float", location, "Input should be a valid integer, got a number with a fractional part", input: value)
            return nil
        case let .string(text):
            return intFromString(text, at: location)
        default:
            return reportIntType(value, location)
        }
    }

    /// Parses a query-string or JSON-string integer (surrounding whitespace allowed).
    public func intFromString(_ text: String, at location: [LocationItem]) -> Int? {
        let trimmed = text.trimmingWhitespace()
        if let number = Int(trimmed) { return number }
        add("int_parsing", location, "Input should be a valid integer, unable to parse string as an integer", input: .string(text))
        return nil
    }

    private func reportIntType(_ value: JSONValue, _ location: [LocationItem]) -> Int? {
        add("int_type", location, "Input should be a valid integer", input: value)
        return nil
    }

    /// An optional number field (integer or float): absent or null → nil.
    public func optionalDouble(_ object: JSONObject, _ key: String, at location: [LocationItem]) -> Double? {
        guard let value = object[key], value != .null else { return nil }
        switch value {
        case let .int(number): return Double(number)
        case let .double(number): return number
        default:
            add("float_type", location + [.key(key)], "Input should be a valid number", input: value)
            return nil
        }
    }

    /// An optional boolean field: absent or null → nil.
    public func optionalBool(_ object: JSONObject, _ key: String, at location: [LocationItem]) -> Bool? {
        guard let value = object[key], value != .null else { return nil }
        return bool(value, at: location + [.key(key)])
    }

    public func bool(_ value: JSONValue, at location: [LocationItem]) -> Bool? {
        switch value {
        case let .bool(flag): return flag
        case .int(0): return false
        case .int(1): return true
        case let .string(text): return boolFromString(text, at: location)
        default:
            add("bool_type", location, "Input should be a valid boolean", input: value)
            return nil
        }
    }

    /// Parses a boolean the way pydantic reads query strings.
    public func boolFromString(_ text: String, at location: [LocationItem]) -> Bool? {
        switch text.lowercased() {
        case "true", "1", "yes", "on", "t", "y": return true
        case "false", "0", "no", "off", "f", "n": return false
        default:
            add("bool_parsing", location, "Input should be a valid boolean, unable to interpret input", input: .string(text))
            return nil
        }
    }

    /// A value of a string enumeration; the error lists the allowed values as pydantic does.
    public func enumeration<E: RawRepresentable & CaseIterable>(
        _ value: JSONValue, as type: E.Type, at location: [LocationItem]
    ) -> E? where E.RawValue == String {
        if case let .string(text) = value, let result = E(rawValue: text) { return result }
        let expected = Self.expectedList(E.allCases.map(\.rawValue))
        add("enum", location, "Input should be \(expected)", input: value, context: JSONObject([("expected", .string(expected))]))
        return nil
    }

    /// A value of a `Literal[...]` parameter (e.g. `order`, `order_by`): pydantic reports these
    /// as `literal_error`, unlike enumerations.
    public func literal(_ value: JSONValue, allowed: [String], at location: [LocationItem]) -> String? {
        if case let .string(text) = value, allowed.contains(text) { return text }
        let expected = Self.expectedList(allowed)
        add("literal_error", location, "Input should be \(expected)", input: value,
            context: JSONObject([("expected", .string(expected))]))
        return nil
    }

    /// `'a', 'b' or 'c'`, pydantic's way of listing allowed values.
    public static func expectedList(_ values: [String]) -> String {
        let quoted = values.map { "'\($0)'" }
        guard quoted.count > 1 else { return quoted.first ?? "" }
        return quoted.dropLast().joined(separator: ", ") + " or " + quoted.last!
    }

    // MARK: Arrays

    /// The value as an array, or an issue (`list_type`, or `too_long` beyond `APILimits.maxListItems`).
    public func array(_ value: JSONValue, at location: [LocationItem]) -> [JSONValue]? {
        guard case let .array(items) = value else {
            add("list_type", location, "Input should be a valid list", input: value)
            return nil
        }
        return checkListLength(items.count, at: location, input: value) ? items : nil
    }

    /// Reports a list longer than the request scope's `APILimits.maxListItems` the way pydantic
    /// reports a `max_length` list (`too_long`); true when the length is allowed.
    @discardableResult
    public func checkListLength(_ count: Int, at location: [LocationItem], input: JSONValue) -> Bool {
        let maximum = RequestScope.limits.maxListItems
        guard count > maximum else { return true }
        add("too_long", location, "List should have at most \(maximum) items after validation, not \(count)",
            input: input, context: JSONObject([
                ("field_type", .string("List")), ("max_length", .int(Int64(maximum))), ("actual_length", .int(Int64(count))),
            ]))
        return false
    }

    /// An optional array of strings: absent or null → nil.
    public func optionalStringArray(_ object: JSONObject, _ key: String, at location: [LocationItem]) -> [String]? {
        guard let value = object[key], value != .null else { return nil }
        let here = location + [.key(key)]
        guard let items = array(value, at: here) else { return nil }
        var result: [String] = []
        result.reserveCapacity(items.count)
        for (index, item) in items.enumerated() {
            if let text = string(item, at: here + [.index(index)]) { result.append(text) }
        }
        return result
    }

    /// An optional array of ids of `kind`, each checked for length and pattern (docs/reference/letta-api.md §1.7).
    public func optionalIDArray(_ object: JSONObject, _ key: String, kind: ObjectKind, at location: [LocationItem]) -> [String]? {
        guard let value = object[key], value != .null else { return nil }
        let here = location + [.key(key)]
        guard let items = array(value, at: here) else { return nil }
        var result: [String] = []
        for (index, item) in items.enumerated() {
            guard let text = string(item, at: here + [.index(index)]) else { continue }
            if checkID(text, kind: kind, at: here + [.index(index)]) { result.append(text) }
        }
        return result
    }

    /// Checks one id the way pydantic checks a constrained string: length first, then pattern.
    @discardableResult
    public func checkID(_ text: String, kind: ObjectKind, at location: [LocationItem]) -> Bool {
        let length = text.count
        if length < kind.idLength {
            add("string_too_short", location, "String should have at least \(kind.idLength) characters",
                input: .string(text), context: JSONObject([("min_length", .int(Int64(kind.idLength)))]))
            return false
        }
        if length > kind.idLength {
            add("string_too_long", location, "String should have at most \(kind.idLength) characters",
                input: .string(text), context: JSONObject([("max_length", .int(Int64(kind.idLength)))]))
            return false
        }
        if !ObjectID.isValid(text, kind: kind) {
            add("string_pattern_mismatch", location, "String should match pattern '\(kind.idPattern)'",
                input: .string(text), context: JSONObject([("pattern", .string(kind.idPattern))]))
            return false
        }
        return true
    }
}

extension String {
    package func trimmingWhitespace() -> Substring {
        var slice = self[...]
        while let first = slice.first, first.isWhitespace { slice.removeFirst() }
        while let last = slice.last, last.isWhitespace { slice.removeLast() }
        return slice
    }
}
