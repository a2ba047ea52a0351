import Glibc
import HTTPKit

/// Paths besides Letta's health paths that need no credentials, even in password mode: pages
/// that hold no data, such as the browser console (`/` and its assets under `/console/`). The
/// data they show comes from API calls, which are authenticated as usual.
public struct PublicPaths: Sendable {
    /// Paths matched exactly.
    public let exact: [String]
    /// Path prefixes: every path that starts with one is public.
    public let prefixes: [String]
    private let exactBytes: [[UInt8]]
    private let prefixBytes: [[UInt8]]

    public init(exact: [String] = [], prefixes: [String] = []) {
        self.exact = exact
        self.prefixes = prefixes
        exactBytes = exact.map { Array($0.utf8) }
        prefixBytes = prefixes.map { Array($0.utf8) }
    }

    public static let none = PublicPaths()

    var isEmpty: Bool { exact.isEmpty && prefixes.isEmpty }

    /// Compared on the path's bytes: every authenticated request asks, and most paths differ
    /// from each entry in length or in their first bytes.
    func contains(_ path: Substring) -> Bool {
        let matched = path.utf8.withContiguousStorageIfAvailable { bytes in
            exactBytes.contains { Self.starts(bytes, with: $0) && $0.count == bytes.count }
                || prefixBytes.contains { Self.starts(bytes, with: $0) }
        }
        return matched ?? (exact.contains { $0 == path } || prefixes.contains { path.hasPrefix($0) })
    }

    private static func starts(_ bytes: UnsafeBufferPointer<UInt8>, with prefix: [UInt8]) -> Bool {
        guard bytes.count >= prefix.count else { return false }
        guard let base = bytes.baseAddress, !prefix.isEmpty else { return prefix.isEmpty }
        return prefix.withUnsafeBufferPointer { memcmp(base, $0.baseAddress!, prefix.count) == 0 }
    }
}
