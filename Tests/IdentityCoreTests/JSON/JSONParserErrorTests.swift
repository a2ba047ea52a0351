import Testing
@testable import IdentityCore
import IdentityTestSupport

/// One malformed input and the error Python's json module reports for it.
struct MalformedJSON: Sendable, CustomTestStringConvertible {
    let input: [UInt8]
    let message: String
    let offset: Int

    init(_ input: String, _ message: String, _ offset: Int) {
        self.init(bytes: Array(input.utf8), message, offset)
    }

    init(bytes: [UInt8], _ message: String, _ offset: Int) {
        self.input = bytes
        self.message = message
        self.offset = offset
    }

    var testDescription: String { String(decoding: input, as: UTF8.self).debugDescription }
}

@Suite struct JSONParserErrorTests {
    /// Messages and offsets checked against CPython 3.11 `json.loads`.
    static let cases: [MalformedJSON] = [
        MalformedJSON("", "Expecting value", 0),
        MalformedJSON("   ", "Expecting value", 3),
        MalformedJSON("{", "Expecting property name enclosed in double quotes", 1),
        MalformedJSON(#"{"a":}"#, "Expecting value", 5),
        MalformedJSON("[1,]", "Expecting value", 3),
        MalformedJSON("[,1]", "Expecting value", 1),
        MalformedJSON("[", "Expecting value", 1),
        MalformedJSON(#"{"a" 1}"#, "Expecting ':' delimiter", 5),
        MalformedJSON(#"{"a""#, "Expecting ':' delimiter", 4),
        MalformedJSON(#"{"a":"#, "Expecting value", 5),
        MalformedJSON(#"{"a":1"#, "Expecting ',' delimiter", 6),
        MalformedJSON(#"{"a":1 "b":2}"#, "Expecting ',' delimiter", 7),
        MalformedJSON(#"{"a":1,}"#, "Expecting property name enclosed in double quotes", 7),
        MalformedJSON("{1:2}", "Expecting property name enclosed in double quotes", 1),
        MalformedJSON("[1 2]", "Expecting ',' delimiter", 3),
        MalformedJSON("[1", "Expecting ',' delimiter", 2),
        MalformedJSON("[1,2", "Expecting ',' delimiter", 4),
        MalformedJSON("[1.]", "Expecting ',' delimiter", 2),
        MalformedJSON(#""abc"#, "Unterminated string starting at", 0),
        MalformedJSON(#"["abc\"#, "Unterminated string starting at", 1),
        MalformedJSON(#""\"#, "Unterminated string starting at", 0),
        MalformedJSON("01", "Extra data", 1),
        MalformedJSON("-01", "Extra data", 2),
        MalformedJSON("1.", "Extra data", 1),
        MalformedJSON("0.e1", "Extra data", 1),
        MalformedJSON("1e", "Extra data", 1),
        MalformedJSON("1e+", "Extra data", 1),
        MalformedJSON("1.5e", "Extra data", 3),
        MalformedJSON("-", "Expecting value", 0),
        MalformedJSON("-a", "Expecting value", 0),
        MalformedJSON("[-]", "Expecting value", 1),
        MalformedJSON("+1", "Expecting value", 0),
        MalformedJSON(".5", "Expecting value", 0),
        MalformedJSON("NaN", "Expecting value", 0),
        MalformedJSON("Infinity", "Expecting value", 0),
        MalformedJSON("-Infinity", "Expecting value", 0),
        MalformedJSON("tru", "Expecting value", 0),
        MalformedJSON("nul", "Expecting value", 0),
        MalformedJSON("True", "Expecting value", 0),
        MalformedJSON("'a'", "Expecting value", 0),
        MalformedJSON("1 2", "Extra data", 2),
        MalformedJSON(#"{"a":1}x"#, "Extra data", 7),
        MalformedJSON("[1]]", "Extra data", 3),
        MalformedJSON("truex", "Extra data", 4),
        MalformedJSON("\"a\u{1}\"", "Invalid control character at", 2),
        MalformedJSON("\"a\nb\"", "Invalid control character at", 2),
        MalformedJSON("\"a\\n\tb\"", "Invalid control character at", 4),
        MalformedJSON(#""\x""#, "Invalid \\escape", 1),
        MalformedJSON(#""ab\'""#, "Invalid \\escape", 3),
        MalformedJSON(#""\u12""#, "Invalid \\uXXXX escape", 2),
        MalformedJSON(#""\u12"#, "Invalid \\uXXXX escape", 2),
        MalformedJSON(#""\u"#, "Invalid \\uXXXX escape", 2),
        MalformedJSON(#""\u12zz""#, "Invalid \\uXXXX escape", 2),
        MalformedJSON(#""\ud800\u12""#, "Invalid \\uXXXX escape", 8),
        MalformedJSON("\u{A0}1", "Expecting value", 0),
        MalformedJSON("\u{FEFF}\u{FEFF}1", "Expecting value", 3),
        MalformedJSON(bytes: [0x22, 0xFF, 0x22], "Invalid UTF-8", 1),
        MalformedJSON(bytes: [0x22, 0x61, 0xC0, 0xAF, 0x22], "Invalid UTF-8", 2),
        MalformedJSON(bytes: [0x22, 0xED, 0xA0, 0x80, 0x22], "Invalid UTF-8", 1),
        MalformedJSON(bytes: [0x22, 0xF4, 0x90, 0x80, 0x80, 0x22], "Invalid UTF-8", 1),
        MalformedJSON(bytes: [0x22, 0xE2, 0x82, 0x22], "Invalid UTF-8", 1),
        MalformedJSON(bytes: [0x22, 0xC3], "Invalid UTF-8", 1),
        MalformedJSON(bytes: [0x22, 0x5C, 0x6E, 0x80, 0x22], "Invalid UTF-8", 3),
    ]

    @Test(arguments: cases)
    func parse_ReportsPythonMessageAndOffset_WhenInputIsMalformed(_ malformed: MalformedJSON) {
        #expect(throws: JSONParseError(offset: malformed.offset, message: malformed.message)) {
            try JSONParser.parse(malformed.input)
        }
    }

    @Test func parse_ReportsNestingTooDeep_WhenNestingIs600() {
        let arrays = String(repeating: "[", count: 600) + String(repeating: "]", count: 600)
        #expect(throws: JSONParseError(offset: 512, message: "Nesting too deep")) { try JSONParser.parse(arrays) }
        let objects = String(repeating: #"{"a":"#, count: 600) + "1" + String(repeating: "}", count: 600)
        #expect(throws: JSONParseError(offset: 512 * 5, message: "Nesting too deep")) { try JSONParser.parse(objects) }
        let emptyInnermost = String(repeating: "[", count: 513) + String(repeating: "]", count: 513)
        #expect(throws: JSONParseError(offset: 512, message: "Nesting too deep")) { try JSONParser.parse(emptyInnermost) }
    }

    /// Python counts characters (it would say 9 here); this parser reports UTF-8 byte offsets.
    @Test func parse_CountsBytes_WhenStringInputHasNonASCII() {
        #expect(throws: JSONParseError(offset: 13, message: "Expecting ',' delimiter")) {
            try JSONParser.parse(#"["é", "€" 1]"#)
        }
    }

    @Test func errorDescription_LooksLikePython_WhenPrinted() {
        #expect(JSONParseError(offset: 5, message: "Expecting value").description == "Expecting value: char 5")
    }
}
