/// Letta object ids: `<prefix>-<uuid4>` with the UUID in lowercase canonical form (docs/reference/letta-api.md §1.7).
public enum ObjectKind: String, Sendable, CaseIterable {
    case identity, agent, block, message, tool, source, user, org, group
    /// Per-organization API keys (this server's own addition; not a Letta kind).
    case apiKey = "apikey"

    /// The id prefix, which is the raw value (`identity`, `agent`, …).
    public var prefix: String { rawValue }

    /// The model name used in messages, e.g. `Identity`.
    public var modelName: String {
        switch self {
        case .identity: "Identity"
        case .agent: "Agent"
        case .block: "Block"
        case .message: "Message"
        case .tool: "Tool"
        case .source: "Source"
        case .user: "User"
        case .org: "Organization"
        case .group: "Group"
        case .apiKey: "API key"
        }
    }

    /// The id length this kind's ids must have: prefix, dash and 36 UUID characters.
    public var idLength: Int { prefix.utf8.count + 37 }

    /// The strict pattern, as Letta publishes it in its 422 bodies.
    public var idPattern: String {
        "^\(prefix)-[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$"
    }

    /// The example id Letta lists in `examples` for a malformed path id.
    public var exampleID: String { "\(prefix)-123e4567-e89b-42d3-8456-426614174000" }
}

public enum ObjectID {
    private static let hex: [UInt8] = Array("0123456789abcdef".utf8)

    /// A fresh id of the given kind, in the shape Letta validates (a version-4, RFC-variant UUID)
    /// but ordered by creation: the first 48 bits are the creation time in milliseconds since
    /// 1970 and the other 74 free bits are random (`RandomBytes`). New ids therefore land at the
    /// end of the stores' `id` indexes instead of on a random page of them, so a commit of many
    /// creations rewrites a few index pages rather than one per row. The time is already public
    /// (`created_at`); 74 random bits keep ids unguessable and distinct.
    public static func generate(_ kind: ObjectKind) -> String {
        generate(kind, milliseconds: UInt64(max(0, Timestamp.now().microseconds)) / 1000)
    }

    /// `generate(_:)` with the time given, for tests.
    static func generate(_ kind: ObjectKind, milliseconds: UInt64) -> String {
        var bytes: (UInt64, UInt64) = (0, 0)
        withUnsafeMutableBytes(of: &bytes) { raw in
            RandomBytes.fill(UnsafeMutableRawBufferPointer(rebasing: raw[6..<16]))
            for index in 0..<6 { raw[index] = UInt8(truncatingIfNeeded: milliseconds >> (8 * (5 - UInt64(index)))) }
            raw[6] = (raw[6] & 0x0F) | 0x40
            raw[8] = (raw[8] & 0x3F) | 0x80
        }
        var text = Array(kind.prefix.utf8)
        text.reserveCapacity(text.count + 37)
        text.append(UInt8(ascii: "-"))
        withUnsafeBytes(of: &bytes) { raw in
            for (index, byte) in raw.enumerated() {
                if index == 4 || index == 6 || index == 8 || index == 10 { text.append(UInt8(ascii: "-")) }
                text.append(hex[Int(byte >> 4)])
                text.append(hex[Int(byte & 0x0F)])
            }
        }
        return String(decoding: text, as: UTF8.self)
    }

    /// Whether `id` is a well-formed id of `kind`: lowercase hex, UUID version 4, RFC variant.
    public static func isValid(_ id: String, kind: ObjectKind) -> Bool {
        id.utf8.withContiguousStorageIfAvailable { isValid($0, prefix: kind.prefix) }
            ?? Array(id.utf8).withUnsafeBufferPointer { isValid($0, prefix: kind.prefix) }
    }

    private static func isValid(_ bytes: UnsafeBufferPointer<UInt8>, prefix: String) -> Bool {
        let uuidStart = prefix.utf8.count + 1
        guard bytes.count == uuidStart + 36, bytes[uuidStart - 1] == UInt8(ascii: "-") else { return false }
        var index = 0
        for byte in prefix.utf8 {
            guard bytes[index] == byte else { return false }
            index += 1
        }
        for offset in 0..<36 {
            let byte = bytes[uuidStart + offset]
            switch offset {
            case 8, 13, 18, 23:
                if byte != UInt8(ascii: "-") { return false }
            case 14:
                if byte != UInt8(ascii: "4") { return false }
            case 19:
                if !(byte == UInt8(ascii: "8") || byte == UInt8(ascii: "9") || byte == UInt8(ascii: "a") || byte == UInt8(ascii: "b")) {
                    return false
                }
            default:
                let isDigit = byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
                let isLowerHex = byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "f")
                if !isDigit && !isLowerHex { return false }
            }
        }
        return true
    }
}
