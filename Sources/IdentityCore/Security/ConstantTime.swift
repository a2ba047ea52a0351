/// Comparisons whose running time does not depend on where two secrets differ.
public enum ConstantTime {
    /// Whether the two byte sequences are equal, looking at every byte of equal-length inputs
    /// (the length itself is not secret here: callers compare fixed-length digests).
    public static func equals(_ lhs: [UInt8], _ rhs: [UInt8]) -> Bool {
        guard lhs.count == rhs.count else { return false }
        var difference: UInt8 = 0
        for index in lhs.indices {
            difference |= lhs[index] ^ rhs[index]
        }
        return difference == 0
    }

    /// Whether `given` is the secret whose SHA-256 digest is `secretDigest`. Hashing first makes
    /// the comparison independent of both strings' lengths and contents.
    public static func matches(_ given: some StringProtocol, digest secretDigest: [UInt8]) -> Bool {
        equals(SHA256.hash(given.utf8), secretDigest)
    }
}
