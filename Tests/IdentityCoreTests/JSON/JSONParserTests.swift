import Testing
@testable import IdentityCore
import IdentityTestSupport

@Suite struct JSONParserTests {
    @Test func parse_Scalars_WhenDocumentIsSingleValue() throws {
        #expect(try JSONParser.parse("null") == .null)
        #expect(try JSONParser.parse("true") == .bool(true))
        #expect(try JSONParser.parse("false") == .bool(false))
        #expect(try JSONParser.parse(#""hi""#) == .string("hi"))
        #expect(try JSONParser.parse(" \t\r\n 42 \n") == .int(42))
        #expect(try JSONParser.parse("[]") == .array([]))
        #expect(try JSONParser.parse("{}") == .object(JSONObject()))
        #expect(try JSONParser.parse(" [ ] ") == .array([]))
        #expect(try JSONParser.parse(" { } ") == .object(JSONObject()))
    }

    @Test func parse_KeepsIntegerAndDoubleApart_WhenLiteralsDiffer() throws {
        #expect(try JSONParser.parse("28") == .int(28))
        #expect(try JSONParser.parse("28.0") == .double(28.0))
        #expect(try JSONParser.parse("1e2") == .double(100))
        #expect(try JSONParser.parse("1E+2") == .double(100))
        #expect(try JSONParser.parse("-0") == .int(0))
        let negativeZero = try JSONParser.parse("-0.0").doubleValue
        #expect(negativeZero == 0 && negativeZero?.sign == .minus)
        #expect(try JSONParser.parse("0.5e-3") == .double(0.0005))
        #expect(try JSONParser.parse("9223372036854775807") == .int(Int64.max))
        #expect(try JSONParser.parse("-9223372036854775808") == .int(Int64.min))
        #expect(try JSONParser.parse("9223372036854775808") == .double(9_223_372_036_854_775_808.0))
        #expect(try JSONParser.parse("-9223372036854775809") == .double(-9_223_372_036_854_775_809.0))
        #expect(try JSONParser.parse("100000000000000000000000") == .double(1e23))
        #expect(try JSONParser.parse("0.1") == .double(0.1))
        #expect(try JSONParser.parse("1e-400") == .double(0))
    }

    @Test func numbersBeyondDoubleRange_AreRejected() {
        #expect(throws: JSONParseError(offset: 5, message: "Number out of range")) { try JSONParser.parse(#"{"a":1e400}"#) }
        #expect(throws: JSONParseError(offset: 1, message: "Number out of range")) { try JSONParser.parse("[-1e309]") }
        // 300 digits overflow Int64 and Double alike.
        #expect(throws: JSONParseError.self) { try JSONParser.parse(String(repeating: "9", count: 400)) }
    }

    @Test func parse_PreservesKeyOrder_WhenObjectHasManyKeys() throws {
        let value = try JSONParser.parse(#"{"z":1,"a":2,"m":{"y":true,"b":null}}"#)
        let object = try #require(value.objectValue)
        #expect(object.keys == ["z", "a", "m"])
        #expect(object["m"]?.objectValue?.keys == ["y", "b"])
        #expect(value.encoded == Array(#"{"z":1,"a":2,"m":{"y":true,"b":null}}"#.utf8))
    }

    @Test func parse_LastValueWinsAtFirstPosition_WhenKeysRepeat() throws {
        let object = try #require(JSONParser.parse(#"{"a":1,"b":2,"a":3}"#).objectValue)
        #expect(object.keys == ["a", "b"])
        #expect(object["a"] == .int(3))
        #expect(object.count == 2)
    }

    @Test func parse_DeduplicatesLinearly_WhenObjectIsLarge() throws {
        var text = "{"
        for number in 0 ..< 2000 {
            text += "\"k\(number % 1000)\":\(number),"
        }
        text += "\"end\":0}"
        let object = try #require(JSONParser.parse(text).objectValue)
        #expect(object.count == 1001)
        #expect(object.keys.first == "k0")
        #expect(object["k0"] == .int(1000))
        #expect(object["k999"] == .int(1999))
        #expect(object.keys.last == "end")
    }

    @Test func parse_DecodesEscapes_WhenStringHasEveryKind() throws {
        let value = try JSONParser.parse(#""\"\\\/\b\f\n\r\t\u0041\u00e9\u20AC\u0000""#)
        #expect(value == .string("\"\\/\u{8}\u{C}\n\r\tAé€\u{0}"))
    }

    @Test func parse_JoinsSurrogatePair_WhenEscapedAsTwoUnits() throws {
        #expect(try JSONParser.parse(#""\ud83d\ude00""#) == .string("😀"))
        #expect(try JSONParser.parse(#""x\uD834\uDD1Ey""#) == .string("x𝄞y"))
    }

    @Test func parse_ReplacesLoneSurrogate_WithReplacementCharacter() throws {
        #expect(try JSONParser.parse(#""\ud800""#) == .string("\u{FFFD}"))
        #expect(try JSONParser.parse(#""\udc00x""#) == .string("\u{FFFD}x"))
        #expect(try JSONParser.parse(#""\ud800\u0041""#) == .string("\u{FFFD}A"))
        #expect(try JSONParser.parse(#""\ud800\ud83d\ude00""#) == .string("\u{FFFD}😀"))
    }

    @Test func parse_KeepsRawNonASCII_WhenInputIsUTF8() throws {
        let text = "{\"名前\":\"Zoë 👩‍💻 ä\"}"
        let value = try JSONParser.parse(Array(text.utf8))
        #expect(value["名前"] == .string("Zoë 👩‍💻 ä"))
        #expect(try JSONParser.parse(text) == value)
    }

    @Test func parse_SkipsByteOrderMark_WhenInputStartsWithOne() throws {
        #expect(try JSONParser.parse([0xEF, 0xBB, 0xBF] + Array("[1]".utf8)) == .array([.int(1)]))
    }

    @Test func parse_TreatsKeysByBytes_WhenKeysAreCanonicallyEquivalent() throws {
        let object = try #require(JSONParser.parse("{\"\u{E9}\":1,\"e\u{301}\":2}").objectValue)
        #expect(object.count == 2)
        #expect(object["\u{E9}"] == .int(1))
        #expect(object["e\u{301}"] == .int(2))
    }

    @Test func parse_AcceptsMaximumDepth_WhenNestingIs512() throws {
        let text = String(repeating: "[", count: 512) + String(repeating: "]", count: 512)
        var value = try JSONParser.parse(text)
        var depth = 0
        while case .array(let elements) = value, let first = elements.first {
            depth += 1
            value = first
        }
        #expect(depth == 511)
        #expect(value == .array([]))
    }
}
