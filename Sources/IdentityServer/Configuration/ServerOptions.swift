import HTTPKit
import IdentityCore
import IdentityPostgres
import IdentitySQLite

/// The `identity-server` configuration, from the command line and the environment, parsed from
/// plain values so it can be unit-tested. Every option has an environment variable (Letta's
/// name where Letta has one); a flag on the command line wins over the environment.
public struct ServerOptions: Sendable, Equatable {
    public var host = "127.0.0.1"
    public var port = 8283
    /// SQLite database file, relative to the working directory, or `:memory:`; or a PostgreSQL URL
    /// (`postgres://…`, `postgresql://…`), see `DatabaseLocation`.
    public var databasePath = "letta.db"
    /// Event-loop threads.
    public var workers = max(1, ProcessEnvironment.activeProcessorCount)
    public var accessLog = true
    public var logFormat = LogFormat.text
    public var maxBodyBytes = 1024 * 1024
    /// Largest `multipart/form-data` body (agent file uploads); 413 beyond it.
    public var maxUploadBytes = 16 * 1024 * 1024
    /// Longest request-target (path and query) accepted; 414 beyond it.
    public var maxTargetBytes = 8 * 1024
    /// `APILimits.maxPageSize`; nil (`--max-page-size 0`) removes the cap.
    public var maxPageSize: Int? = 1000
    public var maxListItems = 1000
    /// Budget of the agent rendering cache in MiB (`AgentRenderCache`); 0 disables it.
    public var agentCacheMegabytes = 64
    /// SQLite `synchronous`: `.normal` survives process crashes, `.full` also power loss.
    public var synchronous = SQLiteDatabase.Synchronous.normal
    /// The server password (password mode when set). Never printed.
    public var password: String?
    /// Letta's `--secure`: password mode on; refused without a password.
    public var secure = false
    /// Browser origins allowed besides Letta's defaults (`allowedCORSOrigins`).
    public var corsOrigins: [String] = []

    public init() {}

    /// What the command line asks for.
    public enum Command: Sendable, Equatable {
        case run(ServerOptions)
        case help
    }

    /// The limits the API enforces with these options.
    public var apiLimits: APILimits {
        APILimits(maxPageSize: maxPageSize, maxListItems: maxListItems)
    }

    /// The agent rendering cache these options ask for; nil when disabled.
    public func makeAgentCache() -> AgentRenderCache? {
        agentCacheMegabytes == 0 ? nil : AgentRenderCache(maximumBytes: agentCacheMegabytes << 20)
    }

    public static var usage: String {
        var text = """
            Usage: identity-server [options]
                   identity-server migrate|export|import …   (moving data in and out: `identity-server migrate --help`)

            Options (each also read from the environment variable on its right; flags win):

            """
        for option in definitions {
            let flag = option.takesValue ? "\(option.flag) \(option.valueName)" : option.flag
            let padded = flag + String(repeating: " ", count: max(24, flag.count + 1) - flag.count)
            let variable = option.environment.map { "  [\($0)]" } ?? ""
            text += "  \(padded)\(option.help)\(variable)\n"
        }
        text += """
              --help                  show this help and exit

            Without --db and IDENTITY_SERVER_DB, LETTA_PG_URI (a postgres:// URL, as Letta uses it) selects PostgreSQL.
            Values may also be given as --option=value. Boolean variables take true/false (also 1/0, yes/no, on/off).
            Prefer LETTA_SERVER_PASSWORD over --password: command lines are visible to other users of the machine.
            """
        return text
    }

    /// Parses the arguments after the program name, on top of `environment` (variables set to
    /// the empty string count as unset). Secure mode without a password is an error.
    public static func parse(
        _ arguments: [String], environment: [String: String] = [:]
    ) throws(ServerOptionsError) -> Command {
        var options = ServerOptions()
        for option in definitions {
            guard let name = option.environment, let value = environment[name], !value.isEmpty else { continue }
            if option.takesValue {
                try option.apply(&options, value, name)
            } else {
                try option.apply(&options, try boolean(value, for: name) ? "true" : "false", name)
            }
        }
        try applyLettaPostgresURI(&options, environment)
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            guard argument.hasPrefix("--") else {
                if argument == "-h" { return .help }
                throw ServerOptionsError("unexpected argument '\(argument)'")
            }
            var name = argument
            var inlineValue: String?
            if let equals = argument.firstIndex(of: "=") {
                name = String(argument[..<equals])
                inlineValue = String(argument[argument.index(after: equals)...])
            }
            if name == "--help" { return .help }
            guard let option = definitions.first(where: { $0.flag == name }) else {
                throw ServerOptionsError("unknown option '\(name)'")
            }
            if !option.takesValue {
                guard inlineValue == nil else { throw ServerOptionsError("option '\(name)' takes no value") }
                try option.apply(&options, "true", name)
                continue
            }
            if let inlineValue {
                try option.apply(&options, inlineValue, name)
            } else {
                guard index < arguments.count else { throw ServerOptionsError("option '\(name)' needs a value") }
                index += 1
                try option.apply(&options, arguments[index - 1], name)
            }
        }
        if options.secure && options.password == nil {
            throw ServerOptionsError(
                "secure mode (--secure or LETTA_SERVER_SECURE) needs a password: set LETTA_SERVER_PASSWORD or --password")
        }
        return .run(options)
    }

    static func integer(
        _ text: String, for name: String, in range: ClosedRange<Int>
    ) throws(ServerOptionsError) -> Int {
        guard text.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }),
              let number = Int(text), range.contains(number)
        else {
            throw ServerOptionsError(
                "invalid value '\(text)' for \(name): expected an integer from \(range.lowerBound) to \(range.upperBound)"
            )
        }
        return number
    }

    static func boolean(_ text: String, for name: String) throws(ServerOptionsError) -> Bool {
        switch text.lowercased() {
        case "true", "1", "yes", "on": return true
        case "false", "0", "no", "off": return false
        default: throw ServerOptionsError("invalid value '\(text)' for \(name): expected true or false")
        }
    }
}

/// A command-line or environment mistake: the message is one line, meant for stderr (exit code 2).
public struct ServerOptionsError: Error, Equatable, CustomStringConvertible {
    public let message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}

extension ServerOptions {
    /// Letta's `LETTA_PG_URI` selects the PostgreSQL database when neither `--db` (applied later, so it
    /// wins) nor `IDENTITY_SERVER_DB` names one. It must be a `postgres://` or `postgresql://` URL.
    static func applyLettaPostgresURI(_ options: inout ServerOptions, _ environment: [String: String]) throws(ServerOptionsError) {
        let variable = DatabaseLocation.postgresEnvironmentVariable
        guard environment["IDENTITY_SERVER_DB"]?.isEmpty ?? true, let uri = environment[variable], !uri.isEmpty else { return }
        guard PostgresURL.isPostgresURL(uri) else {
            throw ServerOptionsError(
                "invalid value for \(variable): expected a postgres:// or postgresql:// URL, got \(redactingURLPassword(uri))")
        }
        options.databasePath = uri
    }
}
