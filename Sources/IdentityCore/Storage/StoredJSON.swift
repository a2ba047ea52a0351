/// How both stores keep JSON-valued fields (identity properties, block metadata) as text, so
/// the SQLite and PostgreSQL backends read and write exactly the same documents.
@usableFromInline
package enum StoredJSON {
    /// Properties as a JSON array of `{"key", "value", "type"}` objects, order kept.
    package static func encodeProperties(_ properties: [IdentityProperty]) -> String {
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

    /// Properties decoded from a stored text, with their rendering for responses.
    package struct DecodedProperties: Sendable {
        package let properties: [IdentityProperty]
        package let rendered: [UInt8]
    }

    /// Decoded property lists by their exact stored text: many identities carry the same few
    /// lists, so each is parsed and rendered once.
    package static let propertyLists = TextInternTable<DecodedProperties>(capacity: 256, maximumTextLength: 4096)

    private static let noProperties = DecodedProperties(properties: [], rendered: Array("[]".utf8))

    /// The identity's properties from their stored text, with their rendering attached.
    @usableFromInline
    package static func applyProperties(_ text: String, to identity: inout Identity) throws {
        let decoded = try decodeRenderedProperties(text)
        identity.properties = decoded.properties
        identity.renderedProperties = decoded.rendered
    }

    package static func decodeRenderedProperties(_ text: String) throws -> DecodedProperties {
        if text == "[]" { return noProperties }
        var text = text
        return try text.withUTF8 { buffer in
            try propertyLists.value(of: buffer) { buffer in
                let properties = try decodeProperties(try JSONParser.parse(buffer))
                return DecodedProperties(properties: properties, rendered: IdentityPropertiesJSON.rendered(properties))
            }
        }
    }

    package static func decodeProperties(_ text: String) throws -> [IdentityProperty] {
        if text == "[]" { return [] }
        return try decodeProperties(try JSONParser.parse(text))
    }

    private static func decodeProperties(_ json: JSONValue) throws -> [IdentityProperty] {
        guard case .array(let items) = json else {
            throw StoreCorruption(description: "identity properties are not a JSON array")
        }
        return try items.map { item in
            guard let key = item["key"]?.stringValue, let value = item["value"],
                let type = item["type"]?.stringValue.flatMap(IdentityPropertyType.init(rawValue:))
            else {
                throw StoreCorruption(description: "malformed identity property \(item)")
            }
            return IdentityProperty(key: key, value: value, type: type)
        }
    }

    @usableFromInline
    package static func decodeObject(_ text: String) throws -> JSONObject {
        if text == "{}" { return JSONObject() }
        guard case .object(let object) = try JSONParser.parse(text) else {
            throw StoreCorruption(description: "expected a JSON object, found \(text.prefix(40))")
        }
        return object
    }
}
