/// Reading and combining lists of `IdentityProperty` (docs/reference/letta-api.md §2.1, §8.4, §8.6; docs/reference/decisions.md #14).
enum IdentityPropertyList {
    static let fields: Set<String> = ["key", "value", "type"]

    /// Decodes a JSON array of properties found at `location` (e.g. `["body", "properties"]`,
    /// or `["body"]` for the bare array of `PUT /{id}/properties`), reporting every problem.
    static func decode(_ value: JSONValue, at location: [LocationItem], validator: Validator) -> [IdentityProperty]? {
        guard let items = validator.array(value, at: location) else { return nil }
        var properties: [IdentityProperty] = []
        properties.reserveCapacity(items.count)
        var complete = true
        for (index, item) in items.enumerated() {
            if let property = decodeProperty(item, at: location + [.index(index)], validator: validator) {
                properties.append(property)
            } else {
                complete = false
            }
        }
        return complete ? properties : nil
    }

    /// One `{"key", "value", "type"}` object; the value must be a string, number, boolean or
    /// object (pydantic's union errors otherwise) and match the declared type.
    static func decodeProperty(_ item: JSONValue, at location: [LocationItem], validator: Validator) -> IdentityProperty? {
        guard case let .object(object) = item else {
            validator.add(
                "model_type", location, "Input should be a valid dictionary or instance of IdentityProperty",
                input: item, context: JSONObject([("class_name", .string("IdentityProperty"))])
            )
            return nil
        }
        let key = validator.requiredString(object, "key", at: location)
        var value = validator.required(object, "value", at: location)
        if let candidate = value, !isAllowedValue(candidate) {
            reportUnionMismatch(candidate, at: location + ["value"], validator: validator)
            value = nil
        }
        let type = validator.required(object, "type", at: location).flatMap {
            validator.enumeration($0, as: IdentityPropertyType.self, at: location + ["type"])
        }
        validator.forbidExtraKeys(object, allowed: fields, at: location)
        guard let key, let value, let type else { return nil }
        guard matches(value, type) else {
            validator.add(
                "property_type_mismatch", location + ["value"],
                "Property '\(key)' is declared as '\(type.rawValue)' but its value is \(describe(value)); "
                    + "expected \(describe(type))",
                input: value,
                context: JSONObject([("key", .string(key)), ("type", .string(type.rawValue))])
            )
            return nil
        }
        return IdentityProperty(key: key, value: value, type: type)
    }

    /// `str | int | float | bool | dict`: everything JSON has except null and arrays.
    static func isAllowedValue(_ value: JSONValue) -> Bool {
        switch value {
        case .string, .int, .double, .bool, .object: true
        case .null, .array: false
        }
    }

    /// Whether the value's JSON type is the one `type` declares (docs/reference/decisions.md #14): `json` admits
    /// objects only, `number` integers and floats (never booleans).
    static func matches(_ value: JSONValue, _ type: IdentityPropertyType) -> Bool {
        switch (type, value) {
        case (.string, .string), (.number, .int), (.number, .double), (.boolean, .bool), (.json, .object): true
        default: false
        }
    }

    /// What pydantic reports when no member of the value union accepts the input.
    private static func reportUnionMismatch(_ value: JSONValue, at location: [LocationItem], validator: Validator) {
        validator.add("string_type", location + ["str"], "Input should be a valid string", input: value)
        validator.add("int_type", location + ["int"], "Input should be a valid integer", input: value)
        validator.add("float_type", location + ["float"], "Input should be a valid number", input: value)
        validator.add("bool_type", location + ["bool"], "Input should be a valid boolean", input: value)
        validator.add("dict_type", location + ["dict[any,any]"], "Input should be a valid dictionary", input: value)
    }

    private static func describe(_ value: JSONValue) -> String {
        switch value {
        case .string: "a string"
        case .int, .double: "a number"
        case .bool: "a boolean"
        case .object: "a JSON object"
        case .array: "an array"
        case .null: "null"
        }
    }

    private static func describe(_ type: IdentityPropertyType) -> String {
        switch type {
        case .string: "a string"
        case .number: "a number"
        case .boolean: "true or false"
        case .json: "a JSON object"
        }
    }

    /// PATCH semantics (Letta's `{old by key} | {new by key}`): properties are keyed by `key`;
    /// an update replaces the value in the key's current position, new keys are appended in
    /// the given order. Like the reference, a repeated key collapses to one entry (first
    /// position, last value), so merging even `[]` folds duplicates stored by create. Keys are
    /// compared by their UTF-8 bytes, as Python compares strings.
    static func merge(_ updates: [IdentityProperty], into existing: [IdentityProperty]) -> [IdentityProperty] {
        var merged: [IdentityProperty] = []
        merged.reserveCapacity(existing.count + updates.count)
        var positions: [[UInt8]: Int] = [:]
        for property in existing + updates {
            let key = Array(property.key.utf8)
            if let position = positions[key] {
                merged[position] = property
            } else {
                positions[key] = merged.count
                merged.append(property)
            }
        }
        return merged
    }
}
