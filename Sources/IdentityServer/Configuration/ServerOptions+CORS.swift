
extension ServerOptions {
    /// Letta's default CORS origins (its settings' `cors_origins`), in Letta's order.
    public static let defaultCORSOrigins = [
        "http://letta.localhost", "http://localhost:8283", "http://localhost:8083", "http://localhost:3000",
        "http://localhost:4200",
    ]

    /// Letta's hosted web app (the ADE), always allowed, last as in Letta.
    public static let lettaAppOrigin = "https://app.letta.com"

    /// Every origin browsers may call from: Letta's defaults, then `--cors-origins` /
    /// `ACCEPTABLE_ORIGINS`, then `https://app.letta.com`.
    public var allowedCORSOrigins: [String] {
        var origins = Self.defaultCORSOrigins
        for origin in corsOrigins + [Self.lettaAppOrigin] where !origins.contains(origin) { origins.append(origin) }
        return origins
    }

    /// A comma-separated origin list: items trimmed, empty ones skipped; each must be `*` or
    /// `scheme://host[:port]` (no path, no trailing slash), as browsers send `Origin`.
    static func corsOriginList(_ value: String, for source: String) throws(ServerOptionsError) -> [String] {
        var origins: [String] = []
        for item in value.split(separator: ",") {
            var trimmed = item
            while trimmed.first?.isWhitespace == true { trimmed.removeFirst() }
            while trimmed.last?.isWhitespace == true { trimmed.removeLast() }
            let origin = String(trimmed)
            if origin.isEmpty { continue }
            guard origin == "*" || isOrigin(origin) else {
                throw ServerOptionsError(
                    "invalid value '\(origin)' for \(source): expected comma-separated origins like http://localhost:3000")
            }
            origins.append(origin)
        }
        return origins
    }

    private static func isOrigin(_ text: String) -> Bool {
        guard let separator = text.firstRange(of: "://") else { return false }
        let scheme = text[..<separator.lowerBound]
        let authority = text[separator.upperBound...]
        return !scheme.isEmpty && scheme.allSatisfy { $0.isLetter || $0.isNumber || "+-.".contains($0) }
            && !authority.isEmpty && !authority.contains { "/?#@ ".contains($0) }
    }
}
