import Testing

@testable import HTTPKit

@Suite("JSON string escaping")
struct JSONStringEscapingTests {
    /// The escaping rules written out byte by byte, to compare the word-at-a-time scan against.
    static func reference(_ string: String) -> [UInt8] {
        var out: [UInt8] = [UInt8(ascii: "\"")]
        for byte in string.utf8 {
            switch byte {
            case UInt8(ascii: "\""): out += Array(#"\""#.utf8)
            case UInt8(ascii: "\\"): out += Array(#"\\"#.utf8)
            case 0x0A: out += Array(#"\n"#.utf8)
            case 0x0D: out += Array(#"\r"#.utf8)
            case 0x09: out += Array(#"\t"#.utf8)
            case 0x08: out += Array(#"\b"#.utf8)
            case 0x0C: out += Array(#"\f"#.utf8)
            case 0x00 ..< 0x20:
                let hex = Array("0123456789abcdef".utf8)
                out += Array(#"\u00"#.utf8) + [hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]]
            default: out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
        return out
    }

    static func escaped(_ string: String) -> [UInt8] {
        var buffer: [UInt8] = []
        JSONStringEscaping.append(string, to: &buffer)
        return buffer
    }

    @Test func append_EscapesQuotesBackslashesAndControls_WritesTheRestRaw() {
        #expect(Self.escaped("") == Array(#""""#.utf8))
        #expect(Self.escaped("plain") == Array(#""plain""#.utf8))
        #expect(Self.escaped("a\"b\\c\nd\u{1}é€😀\u{7f}") == Array(#""a\"b\\c\nd\u0001é€😀"#.utf8) + [0x7f, 0x22])
    }

    @Test func append_MatchesTheByteRules_ForEveryByteAtEveryPositionOfLongStrings() {
        let specials: [Character] = ["\"", "\\", "\n", "\u{0}", "\u{1f}", " ", "!", "#", "[", "]", "é", "\u{7f}", "😀"]
        for length in [1, 7, 8, 9, 15, 16, 17, 31, 40] {
            for position in 0..<length {
                for special in specials {
                    var characters = Array(repeating: Character("x"), count: length)
                    characters[position] = special
                    let string = String(characters)
                    #expect(Self.escaped(string) == Self.reference(string), "\(length) \(position) \(special)")
                }
            }
        }
        for byte in UInt8(0)..<0x80 {
            let string = String(repeating: "ab", count: 5) + String(UnicodeScalar(byte)) + "tail-of-it"
            #expect(Self.escaped(string) == Self.reference(string), "byte \(byte)")
        }
    }

    @Test func append_KeepsWhatTheBufferHeld() {
        var buffer: [UInt8] = Array("[1,".utf8)
        JSONStringEscaping.append("a long string without escapes", to: &buffer)
        #expect(buffer == Array(#"[1,"a long string without escapes""#.utf8))
    }
}
