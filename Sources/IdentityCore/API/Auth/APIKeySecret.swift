/// API key secrets: `sk-ids-` followed by 32 random bytes in unpadded base64url (43
/// characters), 50 characters in all. Only their SHA-256 digest is stored.
public enum APIKeySecret {
    /// Every secret starts with this; a bearer token with it is always checked as a key.
    public static let prefix = "sk-ids-"
    static let randomByteCount = 32
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)

    /// A fresh secret from the system's cryptographic random source (`getrandom`).
    public static func generate() -> String {
        var generator = SystemRandomNumberGenerator()
        var bytes: [UInt8] = []
        bytes.reserveCapacity(randomByteCount)
        for _ in 0..<(randomByteCount / 8) {
            withUnsafeBytes(of: generator.next() as UInt64) { bytes.append(contentsOf: $0) }
        }
        return prefix + base64URL(bytes)
    }

    /// Whether `token` claims to be an API key (it then must be a valid one).
    public static func hasKeyPrefix(_ token: some StringProtocol) -> Bool {
        token.hasPrefix(prefix)
    }

    /// The digest stored for and looked up by a secret.
    public static func digest(_ secret: some StringProtocol) -> [UInt8] {
        SHA256.hash(secret.utf8)
    }

    /// RFC 4648 §5 base64url without padding.
    static func base64URL(_ bytes: [UInt8]) -> String {
        var text: [UInt8] = []
        text.reserveCapacity((bytes.count * 4 + 2) / 3)
        var index = 0
        while index + 3 <= bytes.count {
            let chunk = UInt32(bytes[index]) << 16 | UInt32(bytes[index + 1]) << 8 | UInt32(bytes[index + 2])
            for shift in [18, 12, 6, 0] { text.append(alphabet[Int((chunk >> UInt32(shift)) & 63)]) }
            index += 3
        }
        let rest = bytes.count - index
        if rest > 0 {
            let chunk = UInt32(bytes[index]) << 16 | (rest == 2 ? UInt32(bytes[index + 1]) << 8 : 0)
            let characters = rest == 2 ? 3 : 2
            for shift in [18, 12, 6].prefix(characters) { text.append(alphabet[Int((chunk >> UInt32(shift)) & 63)]) }
        }
        return String(decoding: text, as: UTF8.self)
    }
}
