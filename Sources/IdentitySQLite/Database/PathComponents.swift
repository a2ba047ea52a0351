/// Splits a file path into its directory and last component, as `NSString`'s
/// `deletingLastPathComponent` and `lastPathComponent` do: trailing slashes are ignored,
/// `"db"` has the directory `""`, `"/db"` has `"/"`.
enum PathComponents {
    static func split(_ path: String) -> (directory: String, name: String) {
        var trimmed = Substring(path)
        while trimmed.count > 1, trimmed.hasSuffix("/") { trimmed.removeLast() }
        guard let slash = trimmed.lastIndex(of: "/") else { return ("", String(trimmed)) }
        let name = String(trimmed[trimmed.index(after: slash)...])
        return (slash == trimmed.startIndex ? "/" : String(trimmed[..<slash]), name)
    }
}
