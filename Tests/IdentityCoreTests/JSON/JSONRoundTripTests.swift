import Testing
@testable import IdentityCore
import IdentityTestSupport

/// Builds random JSON values covering every case, awkward strings and number edge cases.
struct RandomJSON {
    var generator: SeededGenerator

    private static let awkwardScalars: [Unicode.Scalar] = [
        "\"", "\\", "/", "\n", "\r", "\t", "\u{0}", "\u{1F}", "\u{7F}", "\u{80}", "é", "\u{301}", "€",
        "\u{2028}", "\u{FEFF}", "\u{FFFD}", "\u{FFFF}", "😀", "\u{10FFFF}", " ", "a", "Z", "0",
    ]

    mutating func value(depth: Int = 0) -> JSONValue {
        let choice = Int.random(in: 0 ..< (depth < 4 ? 8 : 6), using: &generator)
        switch choice {
        case 0: return .null
        case 1: return .bool(Bool.random(using: &generator))
        case 2: return .int(integer())
        case 3: return .double(double())
        case 4, 5: return .string(string())
        case 6:
            let count = Int.random(in: 0 ... 5, using: &generator)
            return .array((0 ..< count).map { _ in value(depth: depth + 1) })
        default:
            var object = JSONObject()
            for _ in 0 ..< Int.random(in: 0 ... 5, using: &generator) {
                object[string()] = value(depth: depth + 1)
            }
            return .object(object)
        }
    }

    private mutating func integer() -> Int64 {
        switch Int.random(in: 0 ..< 4, using: &generator) {
        case 0: [Int64.min, Int64.max, 0, -1, 1, 1 << 53][Int.random(in: 0 ..< 6, using: &generator)]
        case 1: Int64.random(in: -1000 ... 1000, using: &generator)
        default: Int64(bitPattern: generator.next())
        }
    }

    private mutating func double() -> Double {
        switch Int.random(in: 0 ..< 4, using: &generator) {
        case 0:
            var candidate = Double(bitPattern: generator.next())
            while !candidate.isFinite { candidate = Double(bitPattern: generator.next()) }
            return candidate
        case 1: return Double.random(in: -1e6 ... 1e6, using: &generator)
        case 2: return Double(Int.random(in: -100_000 ... 100_000, using: &generator))
        default: return [0.0, -0.0, 1e16, 1e-5, .leastNonzeroMagnitude, .greatestFiniteMagnitude, 0.1][Int.random(in: 0 ..< 7, using: &generator)]
        }
    }

    private mutating func string() -> String {
        var scalars = String.UnicodeScalarView()
        for _ in 0 ..< Int.random(in: 0 ... 8, using: &generator) {
            if Bool.random(using: &generator) {
                scalars.append(Self.awkwardScalars[Int.random(in: 0 ..< Self.awkwardScalars.count, using: &generator)])
            } else if let scalar = Unicode.Scalar(UInt32.random(in: 0x20 ... 0x2FFFF, using: &generator)) {
                scalars.append(scalar)
            }
        }
        return String(scalars)
    }
}

@Suite struct JSONRoundTripTests {
    @Test func roundTrip_ParsesBackEqual_ForRandomValues() throws {
        var random = RandomJSON(generator: SeededGenerator(seed: 0x5EED))
        for _ in 0 ..< 3000 {
            let original = random.value()
            let encoded = original.encoded
            let decoded = try JSONParser.parse(encoded)
            #expect(decoded == original, "\(String(decoding: encoded, as: UTF8.self))")
            #expect(decoded.encoded == encoded)
        }
    }

    @Test func roundTrip_PreservesLiteralText_ForCanonicalDocuments() throws {
        let documents = [
            #"{"id":"identity-123","n":28,"f":28.0,"e":1e+16,"s":1e-07,"neg":-0.0,"u":"é😀\u0000","l":[[],{},null]}"#,
            #"[9223372036854775807,-9223372036854775808,9.223372036854776e+18,0.30000000000000004]"#,
        ]
        for document in documents {
            #expect(try JSONParser.parse(document).description == document)
        }
    }

    /// Random and mutated byte strings: the parser must return or throw, never crash or hang.
    @Test func parse_OnlyReturnsOrThrows_ForRandomAndMutatedBytes() {
        var generator = SeededGenerator(seed: 0xF022)
        var random = RandomJSON(generator: SeededGenerator(seed: 0xBEEF))
        let alphabet = Array(#"{}[]":,\-+.eE0123456789 truefalsn\u"#.utf8) + [0x00, 0x1F, 0x80, 0xC3, 0xA9, 0xED, 0xF0, 0xFF]
        var parsed = 0
        var rejected = 0
        for round in 0 ..< 4000 {
            var bytes: [UInt8]
            if round % 2 == 0 {
                bytes = random.value().encoded
                for _ in 0 ... Int.random(in: 0 ..< 4, using: &generator) where !bytes.isEmpty {
                    let position = Int.random(in: 0 ..< bytes.count, using: &generator)
                    switch Int.random(in: 0 ..< 4, using: &generator) {
                    case 0: bytes[position] = alphabet[Int.random(in: 0 ..< alphabet.count, using: &generator)]
                    case 1: bytes.remove(at: position)
                    case 2: bytes.insert(alphabet[Int.random(in: 0 ..< alphabet.count, using: &generator)], at: position)
                    default: bytes.removeSubrange(position...)
                    }
                }
            } else {
                let count = Int.random(in: 0 ... 24, using: &generator)
                bytes = (0 ..< count).map { _ in
                    Bool.random(using: &generator) ? alphabet[Int.random(in: 0 ..< alphabet.count, using: &generator)] : UInt8.random(in: 0 ... 255, using: &generator)
                }
            }
            do {
                let value = try JSONParser.parse(bytes)
                parsed += 1
                #expect(try JSONParser.parse(value.encoded) == value || value.containsNaNOrInfinity)
            } catch {
                rejected += 1
                #expect(error.offset >= 0 && error.offset <= bytes.count)
                #expect(!error.message.isEmpty)
            }
        }
        #expect(parsed > 100)
        #expect(rejected > 1000)
    }
}

extension JSONValue {
    /// Whether a double anywhere inside is non-finite (encoded as null, so not round-trippable).
    fileprivate var containsNaNOrInfinity: Bool {
        switch self {
        case .double(let number): !number.isFinite
        case .array(let elements): elements.contains { $0.containsNaNOrInfinity }
        case .object(let object): object.contains { $0.value.containsNaNOrInfinity }
        default: false
        }
    }
}
