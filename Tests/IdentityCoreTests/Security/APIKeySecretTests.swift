import Testing

@testable import IdentityCore
import IdentityTestSupport

@Suite("API key secrets")
struct APIKeySecretTests {
    /// RFC 4648 §10 vectors, without padding, plus the two characters base64url changes.
    @Test(arguments: [
        ("", ""), ("f", "Zg"), ("fo", "Zm8"), ("foo", "Zm9v"), ("foob", "Zm9vYg"), ("fooba", "Zm9vYmE"), ("foobar", "Zm9vYmFy"),
    ])
    func base64URL_MatchesRFC4648(input: String, encoded: String) {
        #expect(APIKeySecret.base64URL(Array(input.utf8)) == encoded)
    }

    @Test func base64URL_UsesDashAndUnderscore() {
        #expect(APIKeySecret.base64URL([0xFB, 0xFF, 0xBF]) == "-_-_")
    }

    @Test func generate_Gives50URLSafeCharacters_AndNeverRepeats() {
        let secrets = (0..<200).map { _ in APIKeySecret.generate() }
        #expect(Set(secrets).count == 200)
        let allowed = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
        for secret in secrets {
            #expect(secret.hasPrefix("sk-ids-"))
            #expect(secret.utf8.count == 50)
            #expect(secret.dropFirst(7).allSatisfy { allowed.contains($0) })
            #expect(APIKeySecret.hasKeyPrefix(secret))
        }
        #expect(APIKeySecret.digest(secrets[0]) == SHA256.hash(secrets[0]))
        #expect(!APIKeySecret.hasKeyPrefix("sk-let-abc"))
    }
}
