import Testing

@testable import IdentityCore
import IdentityTestSupport

@Suite("SHA-256")
struct SHA256Tests {
    static func hex(_ bytes: [UInt8]) -> String {
        bytes.map { byte in
            let text = String(byte, radix: 16)
            return byte < 16 ? "0" + text : text
        }.joined()
    }

    /// FIPS 180-4 / NIST CSRC example messages and their digests.
    @Test(arguments: [
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        (
            "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"
        ),
        (
            "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
            "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1"
        ),
    ])
    func hash_MatchesFIPSVector(message: String, digest: String) {
        #expect(Self.hex(SHA256.hash(message)) == digest)
    }

    @Test func hash_MatchesFIPSVector_ForOneMillionA() {
        let message = [UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000)
        #expect(Self.hex(SHA256.hash(message)) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    /// Lengths around the padding boundaries (55/56 bytes fit or spill the length field;
    /// 64 fills a block exactly), checked against Python's hashlib.
    @Test(arguments: [
        (55, "463eb28e72f82e0a96c0a4cc53690c571281131f672aa229e0d45ae59b598b59"),
        (56, "da2ae4d6b36748f2a318f23e7ab1dfdf45acdc9d049bd80e59de82a60895f562"),
        (63, "29af2686fd53374a36b0846694cc342177e428d1647515f078784d69cdb9e488"),
        (64, "fdeab9acf3710362bd2658cdc9a29e8f9c757fcf9811603a8c447cd1d9151108"),
        (65, "4bfd2c8b6f1eec7a2afeb48b934ee4b2694182027e6d0fc075074f2fabb31781"),
        (119, "da18797ed7c3a777f0847f429724a2d8cd5138e6ed2895c3fa1a6d39d18f7ec6"),
        (120, "f52b23db1fbb6ded89ef42a23ce0c8922c45f25c50b568a93bf1c075420bbb7c"),
    ])
    func hash_MatchesHashlib_AtPaddingBoundaries(length: Int, digest: String) {
        let message = (0..<length).map { UInt8($0 % 251) }
        #expect(Self.hex(SHA256.hash(message)) == digest)
    }

    @Test func update_InPieces_GivesTheOneShotDigest() {
        let message = (0..<1000).map { UInt8(truncatingIfNeeded: $0 &* 7) }
        var hasher = SHA256()
        var offset = 0
        for size in [1, 63, 64, 65, 7, 300, 500] {
            hasher.update(message[offset..<(offset + size)])
            offset += size
        }
        #expect(offset == message.count)
        #expect(hasher.finalize() == SHA256.hash(message))
    }

    @Test func constantTimeEquals_ComparesWholeDigests() {
        let digest = SHA256.hash("secret")
        #expect(ConstantTime.matches("secret", digest: digest))
        #expect(!ConstantTime.matches("secret ", digest: digest))
        #expect(!ConstantTime.matches("Secret", digest: digest))
        #expect(!ConstantTime.matches("", digest: digest))
        #expect(!ConstantTime.equals([1, 2, 3], [1, 2]))
        #expect(ConstantTime.equals([1, 2, 3], [1, 2, 3]))
        #expect(!ConstantTime.equals([1, 2, 3], [1, 2, 4]))
    }
}
