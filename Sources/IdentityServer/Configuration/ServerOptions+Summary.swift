import IdentityCore

extension ServerOptions {
    /// The configuration as printed once at startup, without secrets: the password shows as
    /// `<redacted>`, and a password inside a database URL is masked too.
    public func summary(format: LogFormat) -> String {
        let fields: [(String, String)] = [
            ("host", host), ("port", String(port)), ("db", Self.redactingURLPassword(databasePath)),
            ("sync", synchronous == .full ? "full" : "normal"), ("workers", String(workers)),
            ("auth", password == nil ? "open" : "password"), ("password", password == nil ? "none" : "<redacted>"),
            ("log_format", logFormat.rawValue), ("access_log", accessLog ? "on" : "off"),
            ("max_body_bytes", String(maxBodyBytes)), ("max_upload_bytes", String(maxUploadBytes)),
            ("max_target_bytes", String(maxTargetBytes)),
            ("max_page_size", maxPageSize.map(String.init) ?? "unlimited"), ("max_list_items", String(maxListItems)),
            ("agent_cache_mb", String(agentCacheMegabytes)),
        ]
        switch format {
        case .text:
            return "identity-server configuration: " + fields.map { "\($0.0)=\($0.1)" }.joined(separator: " ")
        case .json:
            var writer = JSONWriter(capacity: 512)
            writer.beginObject()
            writer.field("time", Timestamp.now().iso8601)
            writer.field("event", "configuration")
            for (name, value) in fields { writer.field(name, value) }
            writer.endObject()
            return String(decoding: writer.bytes, as: UTF8.self)
        }
    }

    /// `scheme://user:secret@host/…` → `scheme://user:<redacted>@host/…`; anything else unchanged.
    public static func redactingURLPassword(_ text: String) -> String {
        guard let scheme = text.firstRange(of: "://") else { return text }
        let rest = text[scheme.upperBound...]
        let authorityEnd = rest.firstIndex(where: { $0 == "/" || $0 == "?" || $0 == "#" }) ?? rest.endIndex
        let authority = rest[..<authorityEnd]
        guard let at = authority.lastIndex(of: "@"),
              let colon = authority[..<at].firstIndex(of: ":")
        else { return text }
        return String(text[..<authority.index(after: colon)]) + "<redacted>" + String(text[at...])
    }
}
