import Dispatch
import HTTPKit
import IdentityCore

/// An open target database as the executable hands it to the commands.
public struct CommandStore: Sendable {
    public let store: any IdentityStore
    public let tenants: (any TenantStore)?
    public let close: @Sendable () -> Void

    public init(store: any IdentityStore, tenants: (any TenantStore)?, close: @escaping @Sendable () -> Void) {
        self.store = store
        self.tenants = tenants
        self.close = close
    }
}

/// The `migrate`, `export` and `import` subcommands of `identity-server`: option parsing, running,
/// output and exit status (0 done, 1 failed with a one-line error, 2 bad usage, 3 objects skipped
/// or verification differences). The executable supplies how a `--db` value is opened.
public enum MigrationCommandLine {
    public static let subcommands: Set<String> = ["migrate", "export", "import"]

    public static let usage = """
        identity-server migrate --from URL [--db PATH|postgres://…] [--letta-password P] [--organization ORG_ID]
                                [--dry-run] [--concurrency N]
            Copies a Letta server's identities, blocks and agents (ids, timestamps, links) into the database.
            The password can also come from LETTA_SOURCE_PASSWORD. --concurrency: requests in flight (default 4).
        identity-server export [--db …] [--organization ORG_ID] [--output FILE]
            Writes the JSON Lines dump of every organization (or one) to FILE or standard output.
        identity-server import FILE|- [--db …] [--organization ORG_ID] [--dry-run]
            Writes a dump into the database; --organization moves a one-organization dump into that organization.
        The database is chosen as for serving: --db, else IDENTITY_SERVER_DB, else LETTA_PG_URI, else letta.db.
        See docs/migrating.md.
        """

    struct UsageError: Error { let message: String }

    /// Parses and runs `arguments` (starting with the subcommand); returns the exit status.
    public static func main(
        _ arguments: [String], environment: [String: String], open: (String) throws -> CommandStore
    ) -> Int32 {
        let command = arguments.first ?? ""
        var options: [String: String] = [:]
        var flags: Set<String> = []
        var positional: [String] = []
        do {
            var rest = arguments.dropFirst()
            while let argument = rest.popFirst() {
                switch argument {
                case "--help", "-h":
                    print(usage)
                    return 0
                case "--dry-run": flags.insert(argument)
                case "--from", "--db", "--letta-password", "--organization", "--concurrency", "--output":
                    guard let value = rest.popFirst() else { throw UsageError(message: "\(argument) needs a value") }
                    options[argument] = value
                default:
                    if argument.hasPrefix("--"), argument.contains("=") {
                        let parts = argument.split(separator: "=", maxSplits: 1).map(String.init)
                        rest.insert(contentsOf: parts, at: rest.startIndex)
                    } else if argument.hasPrefix("-") && argument != "-" {
                        throw UsageError(message: "unknown option \(argument)")
                    } else {
                        positional.append(argument)
                    }
                }
            }
            let allowed: Set<String> =
                switch command {
                case "migrate": ["--from", "--db", "--letta-password", "--organization", "--concurrency", "--dry-run"]
                case "export": ["--db", "--organization", "--output"]
                default: ["--db", "--organization", "--dry-run"]
                }
            for name in Set(options.keys).union(flags) where !allowed.contains(name) {
                throw UsageError(message: "\(command) does not take \(name)")
            }
            if command == "import" ? positional.count != 1 : !positional.isEmpty {
                throw UsageError(message: command == "import" ? "import needs one FILE (or - for standard input)" : "unexpected argument \(positional[0])")
            }
            if command == "migrate" && options["--from"] == nil { throw UsageError(message: "migrate needs --from URL") }
        } catch let error as UsageError {
            fail("\(command): \(error.message)\nTry 'identity-server \(command) --help'.")
            return 2
        } catch {
            return 2
        }
        let concurrency = Int(options["--concurrency"] ?? "4") ?? 0
        guard (1...64).contains(concurrency) else {
            fail("\(command): --concurrency must be a number from 1 to 64")
            return 2
        }
        let database = options["--db"] ?? environment["IDENTITY_SERVER_DB"] ?? environment["LETTA_PG_URI"] ?? "letta.db"
        let target: CommandStore
        do {
            target = try open(database)
        } catch {
            fail("\(command): \(error)")
            return 1
        }
        defer { target.close() }
        do {
            switch command {
            case "migrate":
                let migration = MigrationOptions(
                    source: options["--from"]!,
                    password: options["--letta-password"] ?? environment["LETTA_SOURCE_PASSWORD"],
                    organizationID: options["--organization"] ?? Actor.defaultOrganizationID,
                    dryRun: flags.contains("--dry-run"), concurrency: concurrency)
                try checkOrganization(migration.organizationID, in: target)
                let report = try blocking { try await MigrateCommand.run(migration, store: target.store) }
                print(report.render(dryRun: migration.dryRun))
                return report.exitStatus
            case "export":
                return try export(target, organizationID: options["--organization"], output: options["--output"])
            default:
                let path = positional[0]
                let data = try path == "-" ? readStandardInput() : readFile(path)
                let report = try ImportCommand.run(
                    data, store: target.store, tenants: target.tenants,
                    targetOrganizationID: options["--organization"], dryRun: flags.contains("--dry-run"))
                print(report.render(dryRun: flags.contains("--dry-run")))
                return report.exitStatus
            }
        } catch {
            fail("\(command): \(error)")
            return 1
        }
    }

    private static func export(_ target: CommandStore, organizationID: String?, output: String?) throws -> Int32 {
        var buffer: [UInt8] = []
        let counts = try ExportCommand.run(store: target.store, tenants: target.tenants, organizationID: organizationID) { line in
            buffer += line
            buffer.append(UInt8(ascii: "\n"))
        }
        if let output {
            guard StandardStreams.writeFile(output, buffer) else { throw SourceError("cannot write \(output)") }
        } else {
            guard StandardStreams.writeOutput(buffer) else { throw SourceError("cannot write to standard output") }
        }
        fail("exported \(counts.blocks) blocks, \(counts.identities) identities, \(counts.agents) agents")
        return 0
    }

    private static func readFile(_ path: String) throws -> [UInt8] {
        guard let data = StandardStreams.readFile(path) else { throw SourceError("cannot read \(path)") }
        return data
    }

    private static func readStandardInput() throws -> [UInt8] {
        guard let data = StandardStreams.readInput() else { throw SourceError("cannot read standard input") }
        return data
    }

    private static func checkOrganization(_ id: String, in target: CommandStore) throws {
        guard let tenants = target.tenants else { return }
        if try tenants.organization(id: id) == nil {
            throw SourceError("organization \(id) does not exist in the target database (create it with the admin API)")
        }
    }

    private static func fail(_ message: String) {
        StandardStreams.writeError("identity-server \(message)\n")
    }

    /// Runs async work to completion from synchronous code (the executable's top level).
    private static func blocking<T: Sendable>(_ work: @escaping @Sendable () async throws -> T) throws -> T {
        let box = ResultBox<T>()
        let done = DispatchSemaphore(value: 0)
        Task {
            do { box.result = .success(try await work()) } catch { box.result = .failure(error) }
            done.signal()
        }
        done.wait()
        return try box.result!.get()
    }
}

/// The target database could not be opened (the message names it, password redacted).
public struct MigrationTargetError: Error, CustomStringConvertible {
    public let description: String

    public init(description: String) {
        self.description = description
    }
}

/// Carries a task's result to the thread waiting for it (written once, before the signal).
private final class ResultBox<T>: @unchecked Sendable {
    var result: Result<T, any Error>?
}
