import HTTPKit

extension Identity {
    /// Writes the Identity object in Letta's key order (docs/reference/letta-api.md §2.1), with the real link ids
    /// (docs/reference/decisions.md #2).
    public func write(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.key("id")
        writer.string(id)
        writer.key("identifier_key")
        writer.string(identifierKey)
        writer.key("name")
        writer.string(name)
        writer.key("identity_type")
        writer.string(identityType.rawValue)
        writer.key("project_id")
        writer.string(projectID)
        writer.key("agent_ids")
        writer.stringArray(agentIDs)
        writer.key("block_ids")
        writer.stringArray(blockIDs)
        writer.key("organization_id")
        writer.string(organizationID)
        writer.key("properties")
        if let renderedProperties {
            writer.raw(renderedProperties)
        } else {
            IdentityPropertiesJSON.write(properties, to: &writer)
        }
        writer.endObject()
    }
}

/// Writes an identity's `properties` array.
enum IdentityPropertiesJSON {
    static func write(_ properties: [IdentityProperty], to writer: inout JSONWriter) {
        writer.beginArray()
        for property in properties {
            writer.beginObject()
            writer.key("key")
            writer.string(property.key)
            writer.key("value")
            writer.value(property.value)
            writer.key("type")
            writer.string(property.type.rawValue)
            writer.endObject()
        }
        writer.endArray()
    }

    /// The array on its own, for splicing.
    static func rendered(_ properties: [IdentityProperty]) -> [UInt8] {
        var writer = JSONWriter(capacity: 2 + properties.count * 48)
        write(properties, to: &writer)
        return writer.bytes
    }
}

extension JSONWriter {
    /// An array of strings.
    public mutating func stringArray(_ values: [String]) {
        beginArray()
        for value in values { string(value) }
        endArray()
    }
}
