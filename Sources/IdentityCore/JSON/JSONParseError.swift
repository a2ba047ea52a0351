/// Why a JSON text was rejected, with Python-json-like messages:
/// "Expecting value", "Expecting ',' delimiter", "Expecting ':' delimiter",
/// "Expecting property name enclosed in double quotes", "Unterminated string starting at",
/// "Invalid control character at", "Invalid \\escape", "Invalid \\uXXXX escape", "Extra data",
/// "Nesting too deep" and "Invalid UTF-8".
public struct JSONParseError: Error, Sendable, Equatable {
    /// Byte offset in the input where the error was detected (the opening quote for an unterminated string).
    public let offset: Int
    public let message: String

    public init(offset: Int, message: String) {
        self.offset = offset
        self.message = message
    }
}

extension JSONParseError: CustomStringConvertible {
    /// Like Python's `JSONDecodeError` without line/column: `Expecting value: char 5`.
    public var description: String { "\(message): char \(offset)" }
}
