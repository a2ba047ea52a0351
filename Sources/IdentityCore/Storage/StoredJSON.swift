/// How both stores keep JSON-valued fields (identity properties, block metadata) as text, so
/// the SQLite and PostgreSQL backends read and write exactly the same documents.
enum StoredJSON {
    /// Properties as a JSON array of `{"key", "value", "type"}` objects, order kept.
    static func encodeProperties(_ properties: [IdentityProperty]) -> String {
        var writer = JSONWriter(capacity: 2 + properties.count * 48)
        writer.beginArray()
        for property in properties {
            writer.beginObject()
            writer.field("key", property.key)
            writer.field("value", property.value)
            writer.field("type", property.type.rawValue)
            writer.endObject()
        }
        writer.endArray()
        return String(decoding: writer.bytes, as: UTF8.self)
    }

    static func decodeProperties(_ text: String) throws -> [IdentityProperty] {
        if text == "[]" { return [] }
        guard case .array(let items) = try JSONParser.parse(text) else {
            throw StoredDataCorruption(description: "identity properties are not a JSON array")
        }
        return try items.map { item in
            guard let key = item["key"]?.stringValue, let value = item["value"],
                let type = item["type"]?.stringValue.flatMap(IdentityPropertyType.init(rawValue:))
            else {
                throw StoredDataCorruption(description: "malformed identity property \(item)")
            }
            return IdentityProperty(key: key, value: value, type: type)
        }
    }

    static func decodeObject(_ text: String) throws -> JSONObject {
        if text == "{}" { return JSONObject() }
        guard case .object(let object) = try JSONParser.parse(text) else {
            throw StoredDataCorruption(description: "expected a JSON object, found \(text.prefix(40))")
        }
        return object
    }
}

/// A stored value that does not have the shape the store wrote: a bug or a damaged database.
struct StoredDataCorruption: Error, CustomStringConvertible {
    let description: String
}
