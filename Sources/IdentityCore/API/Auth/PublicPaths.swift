import HTTPKit

/// Paths besides Letta's health paths that need no credentials, even in password mode: pages
/// that hold no data, such as the browser console (`/` and its assets under `/console/`). The
/// data they show comes from API calls, which are authenticated as usual.
public struct PublicPaths: Sendable {
    /// Paths matched exactly.
    public var exact: [String]
    /// Path prefixes: every path that starts with one is public.
    public var prefixes: [String]

    public init(exact: [String] = [], prefixes: [String] = []) {
        self.exact = exact
        self.prefixes = prefixes
    }

    public static let none = PublicPaths()

    var isEmpty: Bool { exact.isEmpty && prefixes.isEmpty }

    func contains(_ path: Substring) -> Bool {
        exact.contains { $0 == path } || prefixes.contains { path.hasPrefix($0) }
    }
}
