import Foundation

/// The `identity-server` command line, parsed from `[String]` so it can be unit-tested.
public struct ServerOptions: Sendable, Equatable {
    public var host = "127.0.0.1"
    public var port = 8283
    /// SQLite database file, relative to the working directory, or `:memory:`; or a PostgreSQL URL
    /// (`postgres://…`, `postgresql://…`), see `DatabaseLocation`.
    public var databasePath = "letta.db"
    /// Whether `--db` was on the command line (it then wins over `LETTA_PG_URI`).
    public var databaseGivenOnCommandLine = false
    /// Event-loop threads.
    public var workers = max(1, ProcessInfo.processInfo.activeProcessorCount)
    public var accessLog = true
    public var maxBodyBytes = 1024 * 1024

    public init() {}

    /// What the command line asks for.
    public enum Command: Sendable, Equatable {
        case run(ServerOptions)
        case help
    }

    public static let usage = """
        Usage: identity-server [options]

        Options:
          --host HOST            address to listen on (default 127.0.0.1; e.g. 0.0.0.0, ::1, ::)
          --port PORT            TCP port, 0 for any free port (default 8283)
          --db PATH|URL          SQLite database file, or :memory: (default letta.db in the working directory),
                                 or a PostgreSQL URL postgres://user:password@host:port/dbname (also
                                 postgresql://); without --db, LETTA_PG_URI selects PostgreSQL
          --workers N            event-loop threads, at least 1 (default: number of active cores)
          --max-body-bytes N     largest accepted request body in bytes (default 1048576)
          --no-access-log        do not log one line per request to stderr
          --help                 show this help and exit

        Values may also be given as --option=value.
        """

    /// Parses the arguments after the program name.
    public static func parse(_ arguments: [String]) throws(ServerOptionsError) -> Command {
        var options = ServerOptions()
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
            func value() throws(ServerOptionsError) -> String {
                if let inlineValue { return inlineValue }
                guard index < arguments.count else { throw ServerOptionsError("option '\(name)' needs a value") }
                index += 1
                return arguments[index - 1]
            }
            switch name {
            case "--help":
                return .help
            case "--no-access-log":
                guard inlineValue == nil else { throw ServerOptionsError("option '--no-access-log' takes no value") }
                options.accessLog = false
            case "--host":
                options.host = try value()
                guard !options.host.isEmpty else { throw ServerOptionsError("invalid value '' for --host: expected an address") }
            case "--port":
                options.port = try integer(try value(), for: name, in: 0...65535)
            case "--db":
                options.databasePath = try value()
                options.databaseGivenOnCommandLine = true
                guard !options.databasePath.isEmpty else {
                    throw ServerOptionsError("invalid value '' for --db: expected a file path or :memory:")
                }
            case "--workers":
                options.workers = try integer(try value(), for: name, in: 1...1024)
            case "--max-body-bytes":
                options.maxBodyBytes = try integer(try value(), for: name, in: 1...Int(Int32.max))
            default:
                throw ServerOptionsError("unknown option '\(name)'")
            }
        }
        return .run(options)
    }

    private static func integer(
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
}

/// A command-line mistake: the message is one line, meant for stderr (exit code 2).
public struct ServerOptionsError: Error, Equatable, CustomStringConvertible {
    public let message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}
