extension Validator {
    /// Reads a configuration object described by `fields` (LLMConfig, EmbeddingConfig,
    /// CompactionSettings): every member in table order, given values type-checked, missing ones
    /// filled with their defaults, unknown keys dropped. Nil (with issues recorded) when invalid.
    func configObject(_ value: JSONValue, fields: [ConfigField], at location: [LocationItem]) -> JSONObject? {
        guard let object = object(value, at: location) else { return nil }
        var result = JSONObject()
        result.reserveCapacity(fields.count)
        var valid = true
        for field in fields {
            guard let given = object[field.key] else {
                if let defaultValue = field.defaultValue {
                    result[field.key] = defaultValue
                } else {
                    add("missing", location + [.key(field.key)], "Field required", input: .object(object))
                    valid = false
                }
                continue
            }
            if given == .null && field.nullable {
                result[field.key] = .null
                continue
            }
            if let checked = configValue(given, kind: field.kind, at: location + [.key(field.key)]) {
                result[field.key] = checked
            } else {
                valid = false
            }
        }
        return valid ? result : nil
    }

    /// `value` checked against `kind`, converted the way pydantic converts it (integral floats
    /// to integers, integers to floats for number fields); nil with an issue when it does not fit.
    func configValue(_ value: JSONValue, kind: ConfigField.Kind, at location: [LocationItem]) -> JSONValue? {
        switch kind {
        case .string:
            return string(value, at: location).map(JSONValue.string)
        case .integer:
            return int(value, at: location).map { .int(Int64($0)) }
        case .number:
            if let number = value.doubleValue, !isBoolean(value) { return .double(number) }
            add("float_type", location, "Input should be a valid number", input: value)
            return nil
        case .boolean:
            return bool(value, at: location).map(JSONValue.bool)
        case let .choice(allowed):
            return choice(value, allowed: allowed, at: location).map(JSONValue.string)
        case .object:
            return object(value, at: location).map(JSONValue.object)
        case .any:
            return value
        }
    }

    /// A string that must be one of `allowed`; the issue lists them as pydantic does.
    func choice(_ value: JSONValue, allowed: [String], at location: [LocationItem]) -> String? {
        if case let .string(text) = value, allowed.contains(text) { return text }
        let expected = Self.expectedList(allowed)
        add("enum", location, "Input should be \(expected)", input: value, context: JSONObject([("expected", .string(expected))]))
        return nil
    }

    /// An optional member that must be one of `allowed`: absent or null → nil.
    func optionalChoice(_ object: JSONObject, _ key: String, allowed: [String], at location: [LocationItem]) -> String? {
        guard let value = object[key], value != .null else { return nil }
        return choice(value, allowed: allowed, at: location + [.key(key)])
    }

    /// An optional object member: absent or null → nil.
    func optionalObject(_ object: JSONObject, _ key: String, at location: [LocationItem]) -> JSONObject? {
        guard let value = object[key], value != .null else { return nil }
        return self.object(value, at: location + [.key(key)])
    }

    /// An optional `object<string, string>` member (secrets): absent or null → nil; pairs in order.
    func optionalStringMap(_ object: JSONObject, _ key: String, at location: [LocationItem]) -> [(key: String, value: String)]? {
        guard let members = optionalObject(object, key, at: location) else { return nil }
        var result: [(key: String, value: String)] = []
        for (name, value) in members {
            if let text = string(value, at: location + [.key(key), .key(name)]) { result.append((name, text)) }
        }
        return result
    }

    /// An optional array of JSON objects (tool rules, initial messages): absent or null → nil.
    func optionalObjectArray(_ object: JSONObject, _ key: String, at location: [LocationItem]) -> [JSONValue]? {
        guard let value = object[key], value != .null else { return nil }
        let here = location + [.key(key)]
        guard let items = array(value, at: here) else { return nil }
        for (index, item) in items.enumerated() { _ = self.object(item, at: here + [.index(index)]) }
        return items
    }

    private func isBoolean(_ value: JSONValue) -> Bool {
        if case .bool = value { return true }
        return false
    }
}

extension Validator {
    /// A value of a `Literal[...]` query parameter (`order_by`, `include`): pydantic reports a
    /// bad one as `literal_error`.
    func literalValue(_ value: String, allowed: [String], at location: [LocationItem]) -> String? {
        if allowed.contains(value) { return value }
        let expected = Self.expectedList(allowed)
        add("literal_error", location, "Input should be \(expected)", input: .string(value),
            context: JSONObject([("expected", .string(expected))]))
        return nil
    }
}
