import Glibc
import HTTPKit
import IdentityCore
import IdentityPostgres
import IdentitySQLite

/// `identity-server backup --db PATH --to FILE|-`: an online, consistent copy of a live SQLite
/// database (see `SQLiteBackup`). `--to -` streams the copy to standard output. A PostgreSQL
/// database is refused with a pointer to `pg_dump`. Exit status: 0 done, 1 failed, 2 usage.
enum BackupCommand {
    static let usage = """
        Usage: identity-server backup --db PATH --to FILE
               identity-server backup --db PATH --to -      (the copy on standard output)

        Copies the live SQLite database at PATH while a server may be writing to it. The copy holds
        every write acknowledged before the backup began; it is written under a temporary name
        and renamed to FILE only when complete. --db defaults to IDENTITY_SERVER_DB, then letta.db.
        PostgreSQL databases are backed up with pg_dump (see docs/operations.md).
        """

    static func run(_ arguments: [String], environment: [String: String]) -> Int32 {
        var database = environment["IDENTITY_SERVER_DB"].flatMap { $0.isEmpty ? nil : $0 } ?? "letta.db"
        var target: String?
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            let (name, inline) = split(argument)
            switch name {
            case "--help", "-h":
                print(usage)
                return 0
            case "--db", "--to":
                guard let value = inline ?? (index + 1 < arguments.count ? arguments[index + 1] : nil) else {
                    return fail("option '\(name)' needs a value", status: 2)
                }
                if inline == nil { index += 1 }
                if name == "--db" { database = value } else { target = value }
            default:
                return fail("unknown option '\(argument)'", status: 2)
            }
            index += 1
        }
        guard let target, !target.isEmpty else { return fail("backup needs --to FILE (or --to - for standard output)", status: 2) }
        if PostgresURL.isPostgresURL(database) {
            return fail("""
                \(ServerOptions.redactingURLPassword(database)) is a PostgreSQL database: back it up with pg_dump, \
                e.g. pg_dump --format=custom --file=letta.dump "$LETTA_PG_URI" (see docs/operations.md)
                """, status: 2)
        }
        guard database != ":memory:" && !database.isEmpty else { return fail("an in-memory database has no file to back up", status: 2) }
        return target == "-" ? streamToStandardOutput(database) : copy(database, to: target)
    }

    private static func copy(_ database: String, to target: String) -> Int32 {
        do {
            let summary = try SQLiteBackup.copy(from: database, to: target)
            report("backed up \(database) to \(target): \(summary.pages) pages, \(summary.bytes) bytes in \(StandardStreams.fixed(summary.seconds, digits: 2)) s")
            return 0
        } catch {
            return fail("backup of \(database) failed: \(error)", status: 1)
        }
    }

    /// Backs up into a temporary file, then copies it to standard output and removes it.
    private static func streamToStandardOutput(_ database: String) -> Int32 {
        let directory = ProcessEnvironment.variables["TMPDIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
        let temporary = "\(directory)/identity-server-backup-\(getpid()).sqlite"
        defer { unlink(temporary) }
        do {
            let summary = try SQLiteBackup.copy(from: database, to: temporary)
            let input = open(temporary, O_RDONLY | O_CLOEXEC)
            guard input >= 0 else { return fail("cannot read \(temporary)", status: 1) }
            defer { close(input) }
            var chunk = [UInt8](repeating: 0, count: 1 << 20)
            while true {
                let count = chunk.withUnsafeMutableBytes { read(input, $0.baseAddress, $0.count) }
                if count < 0 && errno == EINTR { continue }
                guard count >= 0 else { return fail("cannot read \(temporary): \(String(cString: strerror(errno)))", status: 1) }
                if count == 0 { break }
                guard StandardStreams.writeOutput(Array(chunk[..<count])) else {
                    return fail("cannot write to standard output: \(String(cString: strerror(errno)))", status: 1)
                }
            }
            report("backed up \(database) to standard output: \(summary.pages) pages, \(summary.bytes) bytes")
            return 0
        } catch {
            return fail("backup of \(database) failed: \(error)", status: 1)
        }
    }

    private static func split(_ argument: String) -> (String, String?) {
        guard argument.hasPrefix("--"), let equals = argument.firstIndex(of: "=") else { return (argument, nil) }
        return (String(argument[..<equals]), String(argument[argument.index(after: equals)...]))
    }

    private static func report(_ line: String) {
        StandardStreams.writeError("identity-server: \(line)\n")
    }

    private static func fail(_ message: String, status: Int32) -> Int32 {
        StandardStreams.writeError("identity-server backup: \(message)\n")
        return status
    }
}
