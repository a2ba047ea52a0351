/// A JSON value parsed from a text that `JSONInternTable` keeps, with its rendering.
///
/// `rendered` is what `JSONWriter.value(value)` writes, made once when the text is first parsed,
/// so a response can splice it instead of writing the value again; `companion` is whatever else
/// the table's owner derives from the value once (e.g. an agent's `model_settings` from its
/// `llm_config`). Both are nil for texts too long to be kept.
package final class InternedJSON: Sendable {
    package let value: JSONValue
    package let rendered: [UInt8]?
    package let companion: [UInt8]?

    package init(value: JSONValue, rendered: [UInt8]?, companion: [UInt8]?) {
        self.value = value
        self.rendered = rendered
        self.companion = companion
    }
}

/// A `TextInternTable` of parsed JSON texts: a text that repeats across many rows (an agent's
/// `llm_config`, identical for most agents) is parsed and rendered once.
package final class JSONInternTable: Sendable {
    private let table: TextInternTable<InternedJSON>
    private let companion: (@Sendable (JSONValue) -> [UInt8])?

    /// `companion` derives extra bytes from each kept value (see `InternedJSON.companion`).
    package init(
        capacity: Int = 256, maximumTextLength: Int = 16 * 1024,
        companion: (@Sendable (JSONValue) -> [UInt8])? = nil
    ) {
        table = TextInternTable(capacity: capacity, maximumTextLength: maximumTextLength)
        self.companion = companion
    }

    /// The parsed value of `text` and its rendering, from the table when this exact text was
    /// parsed before.
    package func entry(of text: UnsafeBufferPointer<UInt8>) throws(JSONParseError) -> InternedJSON {
        guard text.count <= table.maximumTextLength else {
            return InternedJSON(value: try JSONParser.parse(text), rendered: nil, companion: nil)
        }
        return try table.value(of: text) { text throws(JSONParseError) in
            let value = try JSONParser.parse(text)
            var writer = JSONWriter(capacity: text.count)
            writer.value(value)
            return InternedJSON(value: value, rendered: writer.bytes, companion: companion?(value))
        }
    }

    /// The parsed value of `text`, from the table when this exact text was parsed before.
    package func value(of text: UnsafeBufferPointer<UInt8>) throws(JSONParseError) -> JSONValue {
        try entry(of: text).value
    }

    /// How many texts the table holds.
    package var count: Int { table.count }

    package var capacity: Int { table.capacity }
    package var maximumTextLength: Int { table.maximumTextLength }
}
