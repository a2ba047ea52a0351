/// Parses JSON text (RFC 8259) into `JSONValue`s.
///
/// Single pass over the bytes, iterative (no recursion, so nesting cannot exhaust the stack) and linear-time.
/// - Numbers follow the RFC grammar strictly; where the grammar stops early (`01`, `1.`) the rest is
///   reported the way Python does ("Extra data" / "Expecting ',' delimiter"). Integer literals that
///   overflow `Int64` become `.double`; literals beyond `Double`'s range become ±infinity, as in Python.
/// - Strings: all escapes are decoded; a surrogate pair escape becomes one scalar, a lone surrogate
///   escape becomes U+FFFD. Raw control characters and invalid UTF-8 are rejected.
/// - Only space, tab, LF and CR are whitespace. A leading UTF-8 byte order mark is skipped
///   (as Python's `json.loads` does for bytes).
/// - Containers may nest `maximumDepth` levels; one more is "Nesting too deep".
public enum JSONParser {
    /// The deepest nesting of arrays and objects accepted.
    public static let maximumDepth = 512

    /// Parses one complete JSON text (RFC 8259; surrounding whitespace allowed; nothing else after it).
    public static func parse(_ bytes: [UInt8]) throws(JSONParseError) -> JSONValue {
        let result = bytes.withUnsafeBufferPointer { buffer in
            var scanner = JSONScanner(input: buffer)
            return Result { () throws(JSONParseError) in try scanner.parseDocument() }
        }
        return try result.get()
    }

    /// Parses one complete JSON text held in `buffer`.
    public static func parse(_ buffer: UnsafeBufferPointer<UInt8>) throws(JSONParseError) -> JSONValue {
        var scanner = JSONScanner(input: buffer)
        return try scanner.parseDocument()
    }

    /// Parses one complete JSON text given as a string; offsets in errors count UTF-8 bytes.
    public static func parse(_ text: String) throws(JSONParseError) -> JSONValue {
        var text = text
        let result = text.withUTF8 { buffer in
            var scanner = JSONScanner(input: buffer)
            return Result { () throws(JSONParseError) in try scanner.parseDocument() }
        }
        return try result.get()
    }
}

/// The parser's state over one input buffer.
///
/// Open containers are kept on explicit stacks: finished values of all open containers sit on one
/// flat `values` stack (keys on `keys`), and closing a container moves its slice into a new value.
struct JSONScanner {
    /// An open array or object and where its members start on the value and key stacks.
    private struct Frame {
        let isObject: Bool
        let valueStart: Int
        let keyStart: Int
    }

    let input: UnsafeBufferPointer<UInt8>
    var position = 0
    private var values: [JSONValue] = []
    private var keys: [String] = []
    private var frames: [Frame] = []
    /// Reused buffer for decoding strings that contain escapes.
    var scratch: [UInt8] = []

    init(input: UnsafeBufferPointer<UInt8>) {
        self.input = input
    }

    mutating func parseDocument() throws(JSONParseError) -> JSONValue {
        if input.count >= 3, input[0] == 0xEF, input[1] == 0xBB, input[2] == 0xBF {
            position = 3
        }
        let value = try parseValue()
        skipWhitespace()
        guard position == input.count else { throw error("Extra data") }
        return value
    }

    /// Parses one value, containers included, leaving `position` just after it.
    mutating func parseValue() throws(JSONParseError) -> JSONValue {
        nextValue: while true {
            skipWhitespace()
            guard position < input.count else { throw error("Expecting value") }
            var value: JSONValue
            switch input[position] {
            case JSONByte.openBrace:
                guard frames.count < JSONParser.maximumDepth else { throw error("Nesting too deep") }
                position += 1
                skipWhitespace()
                if position < input.count, input[position] == JSONByte.closeBrace {
                    position += 1
                    value = .object(JSONObject())
                } else {
                    frames.append(Frame(isObject: true, valueStart: values.count, keyStart: keys.count))
                    try parseKeyAndColon()
                    continue nextValue
                }
            case JSONByte.openBracket:
                guard frames.count < JSONParser.maximumDepth else { throw error("Nesting too deep") }
                position += 1
                skipWhitespace()
                if position < input.count, input[position] == JSONByte.closeBracket {
                    position += 1
                    value = .array([])
                } else {
                    frames.append(Frame(isObject: false, valueStart: values.count, keyStart: keys.count))
                    continue nextValue
                }
            case JSONByte.quote:
                value = .string(try parseString())
            case JSONByte.minus, JSONByte.zero ... JSONByte.nine:
                value = try parseNumber()
            case UInt8(ascii: "t"):
                try expectLiteral("true")
                value = .bool(true)
            case UInt8(ascii: "f"):
                try expectLiteral("false")
                value = .bool(false)
            case UInt8(ascii: "n"):
                try expectLiteral("null")
                value = .null
            default:
                throw error("Expecting value")
            }
            // Hand the finished value to the open containers, closing every one that ends here.
            while let frame = frames.last {
                values.append(value)
                skipWhitespace()
                let byte = position < input.count ? input[position] : 0
                if byte == JSONByte.comma {
                    position += 1
                    if frame.isObject {
                        skipWhitespace()
                        try parseKeyAndColon()
                    }
                    continue nextValue
                }
                guard byte == (frame.isObject ? JSONByte.closeBrace : JSONByte.closeBracket) else {
                    throw error("Expecting ',' delimiter")
                }
                position += 1
                frames.removeLast()
                value = frame.isObject ? .object(closeObject(frame)) : .array(closeArray(frame))
            }
            return value
        }
    }

    private mutating func parseKeyAndColon() throws(JSONParseError) {
        guard position < input.count, input[position] == JSONByte.quote else {
            throw error("Expecting property name enclosed in double quotes")
        }
        let key = try parseString()
        skipWhitespace()
        guard position < input.count, input[position] == JSONByte.colon else { throw error("Expecting ':' delimiter") }
        position += 1
        keys.append(key)
    }

    private mutating func closeArray(_ frame: Frame) -> [JSONValue] {
        let elements = Array(values[frame.valueStart...])
        values.removeSubrange(frame.valueStart...)
        return elements
    }

    private mutating func closeObject(_ frame: Frame) -> JSONObject {
        var object = JSONObject()
        let count = values.count - frame.valueStart
        object.reserveCapacity(count)
        for offset in 0 ..< count {
            object.set(values[frame.valueStart + offset], for: keys[frame.keyStart + offset])
        }
        values.removeSubrange(frame.valueStart...)
        keys.removeSubrange(frame.keyStart...)
        return object
    }

    private mutating func expectLiteral(_ literal: StaticString) throws(JSONParseError) {
        let count = literal.utf8CodeUnitCount
        guard input.count - position >= count else { throw error("Expecting value") }
        let expected = UnsafeBufferPointer(start: literal.utf8Start, count: count)
        for offset in 0 ..< count where input[position + offset] != expected[offset] {
            throw error("Expecting value")
        }
        position += count
    }

    mutating func skipWhitespace() {
        while position < input.count {
            switch input[position] {
            case JSONByte.space, JSONByte.newline, JSONByte.carriageReturn, JSONByte.tab: position += 1
            default: return
            }
        }
    }

    func error(_ message: String, at offset: Int? = nil) -> JSONParseError {
        JSONParseError(offset: offset ?? position, message: message)
    }
}

/// ASCII bytes the JSON grammar uses.
enum JSONByte {
    static let openBrace = UInt8(ascii: "{")
    static let closeBrace = UInt8(ascii: "}")
    static let openBracket = UInt8(ascii: "[")
    static let closeBracket = UInt8(ascii: "]")
    static let quote = UInt8(ascii: "\"")
    static let backslash = UInt8(ascii: "\\")
    static let comma = UInt8(ascii: ",")
    static let colon = UInt8(ascii: ":")
    static let minus = UInt8(ascii: "-")
    static let plus = UInt8(ascii: "+")
    static let dot = UInt8(ascii: ".")
    static let zero = UInt8(ascii: "0")
    static let nine = UInt8(ascii: "9")
    static let space = UInt8(ascii: " ")
    static let newline = UInt8(ascii: "\n")
    static let carriageReturn = UInt8(ascii: "\r")
    static let tab = UInt8(ascii: "\t")
}
