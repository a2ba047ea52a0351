/// One member of a configuration object the API echoes (LLMConfig, EmbeddingConfig,
/// CompactionSettings): its key, the JSON type it accepts, and its default. Tables of these
/// give the object's key order, the values filled in when a client leaves a key out, and what
/// the request validation checks.
public struct ConfigField: Sendable {
    public enum Kind: Sendable, Equatable {
        case string
        case integer
        /// Integers are accepted and stored as floats, as pydantic does for `float` fields.
        case number
        case boolean
        /// One of these strings.
        case choice([String])
        /// Any JSON object.
        case object
        /// Any JSON value.
        case any
    }

    public let key: String
    public let kind: Kind
    public let nullable: Bool
    /// `nil`: the key is required.
    public let defaultValue: JSONValue?

    public init(_ key: String, _ kind: Kind, nullable: Bool = false, default defaultValue: JSONValue? = nil) {
        self.key = key
        self.kind = kind
        self.nullable = nullable
        self.defaultValue = defaultValue
    }

    /// An object holding every field with a default, in table order (required fields get `null`
    /// as a placeholder the caller overwrites).
    public static func defaults(of fields: [ConfigField]) -> JSONObject {
        JSONObject(fields.map { (key: $0.key, value: $0.defaultValue ?? .null) })
    }
}
