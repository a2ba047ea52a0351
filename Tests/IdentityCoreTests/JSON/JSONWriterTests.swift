import Testing
@testable import IdentityCore
import IdentityTestSupport

@Suite struct JSONWriterTests {
    private func text(_ writer: JSONWriter) -> String {
        String(decoding: writer.bytes, as: UTF8.self)
    }

    @Test func writer_ManagesCommas_WhenStructuresNest() {
        var writer = JSONWriter()
        writer.beginObject()
        writer.key("a")
        writer.int(1)
        writer.key("list")
        writer.beginArray()
        writer.beginArray()
        writer.endArray()
        writer.beginObject()
        writer.endObject()
        writer.beginArray()
        writer.int(1)
        writer.int(2)
        writer.endArray()
        writer.beginObject()
        writer.key("x")
        writer.null()
        writer.key("y")
        writer.beginArray()
        writer.bool(true)
        writer.endArray()
        writer.endObject()
        writer.string("s")
        writer.endArray()
        writer.key("b")
        writer.string(nil)
        writer.endObject()
        #expect(text(writer) == #"{"a":1,"list":[[],{},[1,2],{"x":null,"y":[true]},"s"],"b":null}"#)
    }

    @Test func writer_WritesEveryScalarOverload_WhenCalled() {
        var writer = JSONWriter(capacity: 8)
        writer.beginArray()
        writer.int(Int64.min)
        writer.int(Int.max)
        writer.int(Int?.none)
        writer.int(Int?.some(-7))
        writer.int(0)
        writer.bool(false)
        writer.bool(Bool?.none)
        writer.bool(Bool?.some(true))
        writer.double(2.5)
        writer.double(Double?.none)
        writer.string(String?.some("x"))
        writer.raw(Array(#"{"pre":[1]}"#.utf8))
        writer.int(1)
        writer.endArray()
        #expect(text(writer) == #"[-9223372036854775808,9223372036854775807,null,-7,0,false,null,true,2.5,null,"x",{"pre":[1]},1]"#)
    }

    @Test func writer_WritesFields_WhenUsingConvenience() {
        var writer = JSONWriter()
        writer.beginObject()
        writer.field("name", "Zoë")
        writer.field("missing", String?.none)
        writer.field("count", 3)
        writer.field("big", Int64(1) << 40)
        writer.field("none", Int?.none)
        writer.field("ratio", 0.25)
        writer.field("ok", true)
        writer.field("any", ["k": [1, nil]] as JSONValue)
        writer.endObject()
        #expect(text(writer) == #"{"name":"Zoë","missing":null,"count":3,"big":1099511627776,"none":null,"ratio":0.25,"ok":true,"any":{"k":[1,null]}}"#)
    }

    @Test func writer_LiteralAndStringKeys_WriteTheSameBytes() {
        var literal = JSONWriter()
        literal.beginObject()
        literal.field("plain", "v")
        literal.field("q\"k", 1)
        literal.key("nested")
        literal.value(["a": 1])
        literal.endObject()
        var dynamic = JSONWriter()
        let names = ["plain", "q\"k", "nested"]
        dynamic.beginObject()
        dynamic.field(names[0], "v")
        dynamic.field(names[1], 1)
        dynamic.key(names[2])
        dynamic.value(["a": 1])
        dynamic.endObject()
        #expect(text(literal) == #"{"plain":"v","q\"k":1,"nested":{"a":1}}"#)
        #expect(literal.bytes == dynamic.bytes)
    }

    @Test func writer_EscapesStrings_AndKeepsNonASCIIRaw() {
        var writer = JSONWriter()
        writer.beginObject()
        writer.key("q\"k")
        writer.string("a\\b\"c\n\r\t\u{8}\u{C}\u{1}\u{1F}\u{7F} é 😀 \u{2028}")
        writer.endObject()
        #expect(text(writer) == "{\"q\\\"k\":\"a\\\\b\\\"c\\n\\r\\t\\b\\f\\u0001\\u001f\u{7F} é 😀 \u{2028}\"}")
    }

    /// Expected strings are CPython 3.11 `repr(float)`.
    @Test(arguments: [
        (28.0, "28.0"), (1.0, "1.0"), (-1.0, "-1.0"), (0.0, "0.0"), (-0.0, "-0.0"), (0.3, "0.3"),
        (0.1 + 0.2, "0.30000000000000004"), (1.0 / 3.0, "0.3333333333333333"), (123.456, "123.456"),
        (1e-4, "0.0001"), (0.0001234, "0.0001234"), (1e-5, "1e-05"), (1e-7, "1e-07"), (2.5e-5, "2.5e-05"),
        (-1.5e-10, "-1.5e-10"), (1e15, "1000000000000000.0"), (9.5e15, "9500000000000000.0"),
        (9_999_999_999_999_998.0, "9999999999999998.0"), (9_007_199_254_740_993.0, "9007199254740992.0"),
        (1e16, "1e+16"), (1.5e16, "1.5e+16"), (123_456_789_012_345_678.0, "1.2345678901234568e+17"),
        (1e20, "1e+20"), (1e22, "1e+22"), (1e100, "1e+100"), (Double.leastNonzeroMagnitude, "5e-324"),
        (1.7976931348623157e308, "1.7976931348623157e+308"), (-2.2250738585072014e-308, "-2.2250738585072014e-308"),
        (12345.678, "12345.678"), (0.5, "0.5"), (100.25, "100.25"),
    ])
    func double_FormatsLikePythonRepr(_ value: Double, _ expected: String) throws {
        var writer = JSONWriter()
        writer.double(value)
        #expect(text(writer) == expected)
        #expect(try JSONParser.parse(writer.bytes) == .double(value))
    }

    @Test func double_WritesNull_WhenValueIsNotFinite() {
        var writer = JSONWriter()
        writer.beginArray()
        writer.double(.nan)
        writer.double(.infinity)
        writer.double(-.infinity)
        writer.endArray()
        #expect(text(writer) == "[null,null,null]")
    }

    @Test func encoded_IsCompact_AndTypeNamesMatchJSONSchema() {
        let value: JSONValue = ["a": [1, 2.0, "x", true, nil], "b": [:]]
        #expect(value.encoded == Array(#"{"a":[1,2.0,"x",true,null],"b":{}}"#.utf8))
        #expect(value.description == #"{"a":[1,2.0,"x",true,null],"b":{}}"#)
        let names = [JSONValue.null, .bool(true), .int(1), .double(1), .string(""), .array([]), .object([:])].map(\.typeName)
        #expect(names == ["null", "boolean", "integer", "number", "string", "array", "object"])
    }

    @Test func accessors_ReturnPayload_OnlyForMatchingCase() {
        let value: JSONValue = ["n": 3, "d": 1.5, "s": "t", "b": false, "z": nil, "l": [1]]
        #expect(value["n"]?.intValue == 3)
        #expect(value["n"]?.doubleValue == 3.0)
        #expect(value["d"]?.intValue == nil)
        #expect(value["d"]?.doubleValue == 1.5)
        #expect(value["s"]?.stringValue == "t")
        #expect(value["s"]?.boolValue == nil)
        #expect(value["b"]?.boolValue == false)
        #expect(value["z"]?.isNull == true)
        #expect(value["l"]?.arrayValue == [1])
        #expect(value["l"]?["x"] == nil)
        #expect(value["missing"] == nil)
        #expect(value.objectValue?.count == 6)
    }
}
