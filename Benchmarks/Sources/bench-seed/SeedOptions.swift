/// Command-line options of `bench-seed`.
struct SeedOptions {
    /// The database file to create or extend.
    var databasePath = ""
    var identityCount = 1000
    /// Agents to create; each links one or two of the identities.
    var agentCount: Int?
    /// Where to write the `key=value` facts the runner needs (sample ids, keys, tag, counts).
    var infoPath: String?
    /// Where to write `identity_id identifier_key` lines the POST /v1/agents/ script links to.
    var poolPath: String?
    /// Objects per write unit (store calls per batch; 64 batches share a transaction).
    var batchSize = 500

    static let usage = """
        usage: bench-seed --db PATH [--identities N] [--agents N] [--info FILE] [--pool FILE] [--batch N]

          --db PATH         SQLite database file to fill (created with the server's schema)
          --identities N    identities to create (default 1000)
          --agents N        agents to create (default: as many as identities; 0 for none)
          --info FILE       write key=value lines: sample identity/agent ids, identifier key, tag, counts
          --pool FILE       write "identity_id identifier_key" lines (every identity but the samples)
          --batch N         objects per write unit (default 500; up to 64 units share one transaction)
        """

    /// Parses `arguments` (without the program name); throws a message for the user.
    static func parse(_ arguments: [String]) throws(SeedError) -> SeedOptions {
        var options = SeedOptions()
        var iterator = arguments.makeIterator()
        while let argument = iterator.next() {
            func value() throws(SeedError) -> String {
                guard let value = iterator.next() else { throw SeedError.usage("\(argument) needs a value") }
                return value
            }
            func count() throws(SeedError) -> Int {
                let text = try value()
                guard let number = Int(text), number >= 0 else {
                    throw SeedError.usage("\(argument) needs a non-negative integer, got '\(text)'")
                }
                return number
            }
            switch argument {
            case "--db": options.databasePath = try value()
            case "--identities": options.identityCount = try count()
            case "--agents": options.agentCount = try count()
            case "--info": options.infoPath = try value()
            case "--pool": options.poolPath = try value()
            case "--batch":
                options.batchSize = try count()
                guard options.batchSize > 0 else { throw SeedError.usage("--batch needs a positive integer") }
            case "-h", "--help": throw SeedError.help
            default: throw SeedError.usage("unknown option \(argument)")
            }
        }
        guard !options.databasePath.isEmpty else { throw SeedError.usage("--db is required") }
        if (options.agentCount ?? options.identityCount) > 0 && options.identityCount == 0 {
            throw SeedError.usage("agents link identities: --identities must be at least 1")
        }
        return options
    }
}

/// Why `bench-seed` stopped before seeding.
enum SeedError: Error {
    case help
    case usage(String)
    /// A store write failed; the database is incomplete.
    case failed(String)
}
