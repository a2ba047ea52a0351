import Foundation

/// `identity_type`: the values Letta accepts.
enum IdentityType: String, Codable, Sendable {
    case org, user, other
}

/// A property's declared type.
enum PropertyType: String, Codable, Sendable {
    case string, number, boolean, json
}

/// A property value: a string, number, boolean or object (no null, no array), as Letta's union.
enum PropertyValue: Codable, Sendable, Equatable {
    case string(String)
    case number(Double)
    case boolean(Bool)
    case object([String: JSONAny])

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let value = try? container.decode(Bool.self) {
            self = .boolean(value)
        } else if let value = try? container.decode(Double.self) {
            self = .number(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([String: JSONAny].self) {
            self = .object(value)
        } else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "value must be a string, number, boolean or object"
            )
        }
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .string(let value): try container.encode(value)
        case .number(let value): try container.encode(value)
        case .boolean(let value): try container.encode(value)
        case .object(let value): try container.encode(value)
        }
    }

    func matches(_ type: PropertyType) -> Bool {
        switch (self, type) {
        case (.string, .string), (.number, .number), (.boolean, .boolean), (.object, .json): true
        default: false
        }
    }
}

/// Any JSON value, for the insides of a `json` property.
indirect enum JSONAny: Codable, Sendable, Equatable {
    case null, bool(Bool), number(Double), string(String), array([JSONAny]), object([String: JSONAny])

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Double.self) {
            self = .number(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([JSONAny].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: JSONAny].self))
        }
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let value): try container.encode(value)
        case .number(let value): try container.encode(value)
        case .string(let value): try container.encode(value)
        case .array(let value): try container.encode(value)
        case .object(let value): try container.encode(value)
        }
    }
}

/// One `{"key", "value", "type"}` property.
struct IdentityProperty: Codable, Sendable {
    var key: String
    var value: PropertyValue
    var type: PropertyType
}

/// The body of `POST /v1/identities/`.
struct IdentityCreate: Decodable, Sendable {
    var identifier_key: String
    var name: String
    var identity_type: IdentityType
    var project_id: String?
    var agent_ids: [String]?
    var block_ids: [String]?
    var properties: [IdentityProperty]?
}

/// The identity as answered, in Letta's key order.
struct Identity: Codable, Sendable {
    var id: String
    var identifier_key: String
    var name: String
    var identity_type: IdentityType
    var project_id: String?
    var agent_ids: [String]
    var block_ids: [String]
    var organization_id: String
    var properties: [IdentityProperty]

    enum CodingKeys: String, CodingKey {
        case id, identifier_key, name, identity_type, project_id, agent_ids, block_ids, organization_id, properties
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(identifier_key, forKey: .identifier_key)
        try container.encode(name, forKey: .name)
        try container.encode(identity_type, forKey: .identity_type)
        try container.encode(project_id, forKey: .project_id)
        try container.encode(agent_ids, forKey: .agent_ids)
        try container.encode(block_ids, forKey: .block_ids)
        try container.encode(organization_id, forKey: .organization_id)
        try container.encode(properties, forKey: .properties)
    }
}
