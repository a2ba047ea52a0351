import IdentityCore

/// A PostgreSQL connection URL, `postgres://user:password@host:port/dbname?param=value` (or `postgresql://`),
/// as libpq understands it. `description` hides the password, so the value can be logged.
public struct PostgresURL: Sendable, Equatable, CustomStringConvertible {
    /// The URL as given (with the password): only for libpq, never for logs.
    public let string: String

    /// Whether `text` names a PostgreSQL database (`postgres://` or `postgresql://`) rather than a file path.
    public static func isPostgresURL(_ text: String) -> Bool {
        text.hasPrefix("postgres://") || text.hasPrefix("postgresql://")
    }

    public init(_ string: String) throws(PostgresError) {
        guard Self.isPostgresURL(string) else {
            throw PostgresError.misuse("not a PostgreSQL URL (expected postgres:// or postgresql://): \(Self.redact(string))")
        }
        self.string = string
    }

    /// The URL with the password (in the user info and in a `password=` parameter) replaced by `<redacted>`.
    public var description: String { Self.redact(string) }

    static func redact(_ url: String) -> String {
        var characters = Array(url)
        if let schemeEnd = Self.index(of: Array("://"), in: characters) {
            let authorityStart = schemeEnd + 3
            let authorityEnd = characters[authorityStart...].firstIndex(where: { $0 == "/" || $0 == "?" }) ?? characters.count
            if let at = characters[authorityStart..<authorityEnd].lastIndex(of: "@"),
               let colon = characters[authorityStart..<at].firstIndex(of: ":") {
                characters.replaceSubrange((colon + 1)..<at, with: Array("<redacted>"))
            }
        }
        let text = String(characters)
        guard let query = text.firstIndex(of: "?") else { return text }
        let parameters = text[text.index(after: query)...].split(separator: "&", omittingEmptySubsequences: false)
        let redacted = parameters.map { parameter -> String in
            parameter.lowercased().hasPrefix("password=") ? "password=<redacted>" : String(parameter)
        }
        return String(text[...query]) + redacted.joined(separator: "&")
    }

    private static func index(of needle: [Character], in haystack: [Character]) -> Int? {
        guard haystack.count >= needle.count else { return nil }
        return (0...(haystack.count - needle.count)).first { haystack[$0..<($0 + needle.count)].elementsEqual(needle) }
    }

    /// libpq keyword/value pairs: defaults first, then the URL (expanded by libpq), whose settings win over
    /// them, then the client encoding, which the wrapper relies on.
    func connectionParameters(connectTimeoutSeconds: Int, applicationName: String) -> [(String, String)] {
        [
            ("connect_timeout", String(max(1, connectTimeoutSeconds))),
            ("application_name", applicationName),
            ("keepalives", "1"),
            ("keepalives_idle", "10"),
            ("keepalives_interval", "3"),
            ("keepalives_count", "3"),
            ("tcp_user_timeout", "15000"),
            ("dbname", string),
            ("client_encoding", "UTF8"),
        ]
    }
}
