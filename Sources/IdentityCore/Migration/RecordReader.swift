/// A JSON object that does not have the shape a Letta answer or a dump line must have. The
/// message names the field, e.g. `agent agent-…: "created_at" must be a timestamp string`.
public struct MalformedRecord: Error, CustomStringConvertible, Sendable {
    public let description: String

    public init(_ description: String) {
        self.description = description
    }
}

/// Typed access to the members of one record (a Letta response object or a dump line), throwing
/// `MalformedRecord` naming the record and the member when a member has the wrong type.
/// Absent and `null` members read as nil wherever the field is optional.
struct RecordReader {
    let object: JSONObject
    /// How errors name the record, e.g. `agent agent-…`.
    let name: String

    init(_ value: JSONValue, kind: String) throws {
        guard case .object(let object) = value else {
            throw MalformedRecord("\(kind): expected a JSON object, found \(value.typeName)")
        }
        self.object = object
        self.name = "\(kind) \(object["id"]?.stringValue ?? "(no id)")"
    }

    func fail(_ key: String, _ expected: String) -> MalformedRecord {
        MalformedRecord("\(name): \"\(key)\" must be \(expected)")
    }

    func value(_ key: String) -> JSONValue {
        object[key] ?? .null
    }

    func string(_ key: String) throws -> String {
        guard let text = object[key]?.stringValue else { throw fail(key, "a string") }
        return text
    }

    func optionalString(_ key: String) throws -> String? {
        let member = value(key)
        if member.isNull { return nil }
        guard let text = member.stringValue else { throw fail(key, "a string or null") }
        return text
    }

    func id(_ key: String, kind: ObjectKind) throws -> String {
        let text = try string(key)
        guard ObjectID.isValid(text, kind: kind) else { throw fail(key, "a \(kind.prefix)-<uuid4> id") }
        return text
    }

    func int(_ key: String) throws -> Int {
        guard let number = object[key]?.intValue else { throw fail(key, "an integer") }
        return Int(number)
    }

    func optionalInt(_ key: String) throws -> Int? {
        let member = value(key)
        if member.isNull { return nil }
        guard let number = member.intValue else { throw fail(key, "an integer or null") }
        return Int(number)
    }

    func bool(_ key: String, default fallback: Bool? = nil) throws -> Bool {
        let member = value(key)
        if member.isNull, let fallback { return fallback }
        guard let flag = member.boolValue else { throw fail(key, "a boolean") }
        return flag
    }

    func optionalBool(_ key: String) throws -> Bool? {
        let member = value(key)
        if member.isNull { return nil }
        guard let flag = member.boolValue else { throw fail(key, "a boolean or null") }
        return flag
    }

    func timestamp(_ key: String) throws -> Timestamp {
        guard let text = object[key]?.stringValue, let time = Timestamp(iso8601: text) else {
            throw fail(key, "an ISO 8601 timestamp")
        }
        return time
    }

    func optionalTimestamp(_ key: String) throws -> Timestamp? {
        if value(key).isNull { return nil }
        return try timestamp(key)
    }

    func object(_ key: String) throws -> JSONObject {
        guard let member = object[key]?.objectValue else { throw fail(key, "an object") }
        return member
    }

    func optionalObject(_ key: String) throws -> JSONObject? {
        let member = value(key)
        if member.isNull { return nil }
        guard let result = member.objectValue else { throw fail(key, "an object or null") }
        return result
    }

    func array(_ key: String) throws -> [JSONValue] {
        let member = value(key)
        if member.isNull { return [] }
        guard let items = member.arrayValue else { throw fail(key, "an array") }
        return items
    }

    func strings(_ key: String) throws -> [String] {
        try array(key).map { item in
            guard let text = item.stringValue else { throw fail(key, "an array of strings") }
            return text
        }
    }

    /// Ids of `kind`, from `key` (an array of ids) or else from the `id` members of the objects
    /// in `objectsKey` (how Letta's AgentState lists its blocks).
    func ids(_ key: String, orObjectsIn objectsKey: String? = nil, kind: ObjectKind) throws -> [String] {
        let texts: [String]
        if object[key] != nil || objectsKey == nil {
            texts = try strings(key)
        } else {
            texts = try array(objectsKey!).map { item in
                guard let text = item["id"]?.stringValue else { throw fail(objectsKey!, "an array of objects with ids") }
                return text
            }
        }
        for text in texts where !ObjectID.isValid(text, kind: kind) {
            throw fail(key, "an array of \(kind.prefix)-<uuid4> ids (found \(text))")
        }
        return texts
    }
}
