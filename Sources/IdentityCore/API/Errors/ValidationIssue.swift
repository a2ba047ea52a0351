/// One step of a validation error's location: a key or an array index.
public enum LocationItem: Sendable, Equatable, ExpressibleByStringLiteral, ExpressibleByIntegerLiteral {
    case key(String)
    case index(Int)

    public init(stringLiteral value: String) { self = .key(value) }
    public init(integerLiteral value: Int) { self = .index(value) }
}

/// One validation failure, shaped like pydantic's error objects so clients recognise it:
/// `{"type": "missing", "loc": ["body", "name"], "msg": "Field required", "input": {...}}`.
public struct ValidationIssue: Sendable, Equatable {
    public var type: String
    public var location: [LocationItem]
    public var message: String
    public var input: JSONValue
    public var context: JSONObject?

    public init(type: String, location: [LocationItem], message: String, input: JSONValue, context: JSONObject? = nil) {
        self.type = type
        self.location = location
        self.message = message
        self.input = input
        self.context = context
    }

    func write(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.key("type")
        writer.string(type)
        writer.key("loc")
        writer.beginArray()
        for item in location {
            switch item {
            case let .key(key): writer.string(key)
            case let .index(index): writer.int(index)
            }
        }
        writer.endArray()
        writer.key("msg")
        writer.string(message)
        writer.key("input")
        writer.value(input)
        if let context {
            writer.key("ctx")
            writer.value(.object(context))
        }
        writer.endObject()
    }
}
