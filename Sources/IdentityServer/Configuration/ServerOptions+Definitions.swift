import HTTPKit
import IdentityCore
import IdentityPostgres
import IdentitySQLite

extension ServerOptions {
    /// One option: its flag, its environment variable, and how a value (from either) applies.
    /// Options without a value get `"true"` for the flag and the variable's boolean otherwise.
    struct Definition: Sendable {
        let flag: String
        let environment: String?
        let valueName: String
        let help: String
        let apply: @Sendable (inout ServerOptions, String, _ source: String) throws(ServerOptionsError) -> Void

        var takesValue: Bool { !valueName.isEmpty }
    }

    /// Every option, in the order `--help` lists them.
    static let definitions: [Definition] = [
        Definition(
            flag: "--host", environment: "IDENTITY_SERVER_HOST", valueName: "HOST",
            help: "address to listen on (default 127.0.0.1; e.g. 0.0.0.0, ::1, ::)"
        ) { options, value, source throws(ServerOptionsError) in
            guard !value.isEmpty else { throw ServerOptionsError("invalid value '' for \(source): expected an address") }
            options.host = value
        },
        Definition(
            flag: "--port", environment: "IDENTITY_SERVER_PORT", valueName: "PORT",
            help: "TCP port, 0 for any free port (default 8283)"
        ) { options, value, source throws(ServerOptionsError) in
            options.port = try integer(value, for: source, in: 0...65535)
        },
        Definition(
            flag: "--db", environment: "IDENTITY_SERVER_DB", valueName: "PATH|URL",
            help: "SQLite database file, or :memory:, or postgres://user:password@host:port/dbname (default letta.db)"
        ) { options, value, source throws(ServerOptionsError) in
            guard !value.isEmpty else {
                throw ServerOptionsError("invalid value '' for \(source): expected a file path or :memory:")
            }
            options.databasePath = value
        },
        Definition(
            flag: "--sync", environment: "IDENTITY_SERVER_SYNC", valueName: "normal|full",
            help: "SQLite durability: normal survives crashes, full also power loss (default normal)"
        ) { options, value, source throws(ServerOptionsError) in
            switch value {
            case "normal": options.synchronous = .normal
            case "full": options.synchronous = .full
            default: throw ServerOptionsError("invalid value '\(value)' for \(source): expected normal or full")
            }
        },
        Definition(
            flag: "--workers", environment: "IDENTITY_SERVER_WORKERS", valueName: "N",
            help: "event-loop threads, at least 1 (default: number of active cores)"
        ) { options, value, source throws(ServerOptionsError) in
            options.workers = try integer(value, for: source, in: 1...1024)
        },
        Definition(
            flag: "--password", environment: "LETTA_SERVER_PASSWORD", valueName: "PASSWORD",
            help: "require this password (Bearer or X-BARE-PASSWORD) on every non-health request"
        ) { options, value, source throws(ServerOptionsError) in
            guard !value.isEmpty else { throw ServerOptionsError("invalid value '' for \(source): expected a password") }
            options.password = value
        },
        Definition(
            flag: "--password-file", environment: "IDENTITY_SERVER_PASSWORD_FILE", valueName: "PATH",
            help: "read the password from this file (a systemd credential); trailing newlines are dropped"
        ) { options, value, source throws(ServerOptionsError) in
            guard let data = StandardStreams.readFile(value) else {
                throw ServerOptionsError("cannot read \(source) '\(value)'")
            }
            var password = String(decoding: data, as: UTF8.self)
            while let last = password.last, last.isNewline { password.removeLast() }
            guard !password.isEmpty else { throw ServerOptionsError("\(source) '\(value)' is empty: expected a password") }
            options.password = password
        },
        Definition(
            flag: "--secure", environment: "LETTA_SERVER_SECURE", valueName: "",
            help: "Letta's secure mode; needs a password (on anyway when one is set)"
        ) { options, value, _ throws(ServerOptionsError) in
            options.secure = value == "true"
        },
        Definition(
            flag: "--cors-origins", environment: "ACCEPTABLE_ORIGINS", valueName: "ORIGINS",
            help: "comma-separated browser origins allowed besides Letta's defaults (localhost ports, app.letta.com)"
        ) { options, value, source throws(ServerOptionsError) in
            options.corsOrigins = try corsOriginList(value, for: source)
        },
        Definition(
            flag: "--log-format", environment: "IDENTITY_SERVER_LOG_FORMAT", valueName: "text|json",
            help: "access-log and startup lines as text or JSON lines (default text)"
        ) { options, value, source throws(ServerOptionsError) in
            guard let format = LogFormat(rawValue: value) else {
                throw ServerOptionsError("invalid value '\(value)' for \(source): expected text or json")
            }
            options.logFormat = format
        },
        Definition(
            flag: "--no-access-log", environment: "IDENTITY_SERVER_ACCESS_LOG", valueName: "",
            help: "do not log one line per request to stderr (variable: false)"
        ) { options, value, source throws(ServerOptionsError) in
            // The flag turns the log off; the variable says whether it is on.
            options.accessLog = source.hasPrefix("--") ? false : value == "true"
        },
        Definition(
            flag: "--max-body-bytes", environment: "IDENTITY_SERVER_MAX_BODY_BYTES", valueName: "N",
            help: "largest accepted request body in bytes, 413 above (default 1048576)"
        ) { options, value, source throws(ServerOptionsError) in
            options.maxBodyBytes = try integer(value, for: source, in: 1...Int(Int32.max))
        },
        Definition(
            flag: "--max-upload-bytes", environment: "IDENTITY_SERVER_MAX_UPLOAD_BYTES", valueName: "N",
            help: "largest accepted multipart/form-data body (agent file uploads) in bytes, 413 above (default 16777216)"
        ) { options, value, source throws(ServerOptionsError) in
            options.maxUploadBytes = try integer(value, for: source, in: 1...Int(Int32.max))
        },
        Definition(
            flag: "--max-target-bytes", environment: "IDENTITY_SERVER_MAX_TARGET_BYTES", valueName: "N",
            help: "longest request path and query in bytes, 414 above (default 8192)"
        ) { options, value, source throws(ServerOptionsError) in
            options.maxTargetBytes = try integer(value, for: source, in: 64...1_048_576)
        },
        Definition(
            flag: "--max-page-size", environment: "IDENTITY_SERVER_MAX_PAGE_SIZE", valueName: "N",
            help: "largest list page (limit), 422 above; 0 = no cap as in Letta (default 1000)"
        ) { options, value, source throws(ServerOptionsError) in
            let size = try integer(value, for: source, in: 0...Int(Int32.max))
            options.maxPageSize = size == 0 ? nil : size
        },
        Definition(
            flag: "--max-list-items", environment: "IDENTITY_SERVER_MAX_LIST_ITEMS", valueName: "N",
            help: "most items in one request list (ids, tags, …), 422 above (default 1000)"
        ) { options, value, source throws(ServerOptionsError) in
            options.maxListItems = try integer(value, for: source, in: 1...Int(Int32.max))
        },
        Definition(
            flag: "--agent-cache-mb", environment: "IDENTITY_SERVER_AGENT_CACHE_MB", valueName: "N",
            help: "memory for rendered agents reused by agent reads while current, in MiB; 0 = off (default 64)"
        ) { options, value, source throws(ServerOptionsError) in
            options.agentCacheMegabytes = try integer(value, for: source, in: 0...1_048_576)
        },
    ]
}
