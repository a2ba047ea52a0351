/// Reads the members of one top-level JSON object in order, leaving the caller to parse each
/// value or to take the text of a container value without parsing it: for decoders of a known
/// document that hand some members to a cache keyed by their text (`JSONInternTable`).
///
/// The object itself is checked as `JSONParser` would check it; a container taken as text is only
/// delimited (strings and nesting followed), so whoever takes it parses it before trusting it.
struct JSONMemberReader {
    private var scanner: JSONScanner
    private var isFirst = true
    private var isFinished = false

    /// A reader positioned before the first member of the object `input` holds.
    init(_ input: UnsafeBufferPointer<UInt8>) throws(JSONParseError) {
        scanner = JSONScanner(input: input)
        if input.count >= 3, input[0] == 0xEF, input[1] == 0xBB, input[2] == 0xBF {
            scanner.position = 3
        }
        scanner.skipWhitespace()
        guard scanner.position < input.count, input[scanner.position] == JSONByte.openBrace else {
            throw scanner.error("Expecting an object")
        }
        scanner.position += 1
    }

    /// The next member's key, the reader then sitting before its value (which must be read with
    /// `value()` or `containerText()`); nil after the closing brace, when nothing but whitespace
    /// may follow.
    mutating func nextKey() throws(JSONParseError) -> String? {
        guard !isFinished else { return nil }
        let input = scanner.input
        scanner.skipWhitespace()
        guard scanner.position < input.count else { throw scanner.error("Expecting ',' delimiter") }
        if input[scanner.position] == JSONByte.closeBrace {
            scanner.position += 1
            scanner.skipWhitespace()
            guard scanner.position == input.count else { throw scanner.error("Extra data") }
            isFinished = true
            return nil
        }
        if !isFirst {
            guard input[scanner.position] == JSONByte.comma else { throw scanner.error("Expecting ',' delimiter") }
            scanner.position += 1
            scanner.skipWhitespace()
        }
        isFirst = false
        guard scanner.position < input.count, input[scanner.position] == JSONByte.quote else {
            throw scanner.error("Expecting property name enclosed in double quotes")
        }
        let key = try scanner.parseString()
        scanner.skipWhitespace()
        guard scanner.position < input.count, input[scanner.position] == JSONByte.colon else {
            throw scanner.error("Expecting ':' delimiter")
        }
        scanner.position += 1
        return key
    }

    /// Like `nextKey()`, but hands the key's UTF-8 bytes to `match` instead of making a `String`:
    /// straight from the input when the key is plain printable ASCII (the usual case), else
    /// decoded first. Returns what `match` returns, or nil after the closing brace.
    mutating func nextKey<T>(_ match: (UnsafeBufferPointer<UInt8>) -> T) throws(JSONParseError) -> T? {
        if !isFinished, let raw = plainKey(from: scanner.position) {
            isFirst = false
            scanner.position = raw.end
            return match(raw.key)
        }
        guard var key = try nextKey() else { return nil }
        return key.withUTF8 { match($0) }
    }

    /// The plain key (printable ASCII, no backslash) of the member starting at `start` and the
    /// position after its colon, when the member is laid out simply; nil leaves it to `nextKey()`.
    private func plainKey(from start: Int) -> (key: UnsafeBufferPointer<UInt8>, end: Int)? {
        let input = scanner.input
        var index = start
        while index < input.count, input[index] == JSONByte.space { index += 1 }
        if !isFirst {
            guard index < input.count, input[index] == JSONByte.comma else { return nil }
            index += 1
            while index < input.count, input[index] == JSONByte.space { index += 1 }
        }
        guard index < input.count, input[index] == JSONByte.quote else { return nil }
        let keyStart = index + 1
        index = keyStart
        while index < input.count {
            let byte = input[index]
            if byte == JSONByte.quote { break }
            guard byte >= 0x20, byte < 0x80, byte != JSONByte.backslash else { return nil }
            index += 1
        }
        guard index < input.count else { return nil }
        let keyEnd = index
        index += 1
        while index < input.count, input[index] == JSONByte.space { index += 1 }
        guard index < input.count, input[index] == JSONByte.colon else { return nil }
        return (UnsafeBufferPointer(rebasing: input[keyStart..<keyEnd]), index + 1)
    }

    /// Parses the current member's value.
    mutating func value() throws(JSONParseError) -> JSONValue {
        try scanner.parseValue()
    }

    /// The exact text of the current member's value when it is an object or an array (the reader
    /// moves past it); nil for any other value, the reader staying before it.
    mutating func containerText() throws(JSONParseError) -> UnsafeBufferPointer<UInt8>? {
        let input = scanner.input
        scanner.skipWhitespace()
        let start = scanner.position
        guard start < input.count, input[start] == JSONByte.openBrace || input[start] == JSONByte.openBracket else {
            return nil
        }
        var depth = 0
        var index = start
        while index < input.count {
            switch input[index] {
            case JSONByte.openBrace, JSONByte.openBracket:
                depth += 1
            case JSONByte.closeBrace, JSONByte.closeBracket:
                depth -= 1
                if depth == 0 {
                    scanner.position = index + 1
                    return UnsafeBufferPointer(rebasing: input[start...index])
                }
            case JSONByte.quote:
                index += 1
                while index < input.count, input[index] != JSONByte.quote {
                    index += input[index] == JSONByte.backslash ? 2 : 1
                }
            default:
                break
            }
            index += 1
        }
        throw scanner.error("Unterminated container starting at", at: start)
    }
}
