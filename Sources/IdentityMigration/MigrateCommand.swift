import Foundation
import IdentityCore

/// `identity-server migrate --from URL`: copies one Letta organization into a store under the
/// same ids (see docs/migrating.md). Reads everything first — a source that fails midway
/// (unreachable, 401, 5xx, a malformed page) stops the run before anything is written — then
/// writes blocks, identities and agents, one transaction per object, and finally re-reads both
/// sides and compares them object by object.
public enum MigrateCommand {
    public static func run(
        _ options: MigrationOptions, store: any IdentityStore, progress: Progress = Progress()
    ) async throws -> MigrationReport {
        let started = Date()
        let client = try LettaClient(baseURL: options.source, password: options.password, concurrency: options.concurrency)
        defer { client.close() }
        let source = LettaSource(client: client, concurrency: options.concurrency)
        _ = try await source.checkServer()
        let organizationID = options.organizationID

        progress.begin("reading", totals: try await source.counts())
        let snapshot = try await source.read(organizationID: organizationID, start: .now(), progress: progress)

        let importer = ObjectImporter(store: store, organizationID: organizationID, dryRun: options.dryRun)
        var report = MigrationReport()
        try write(snapshot, with: importer, into: &report, progress: progress)
        report.seconds = Date().timeIntervalSince(started)

        if !options.dryRun {
            let counts = try await source.counts()
            progress.begin("verifying", totals: counts)
            let fresh = try await source.read(organizationID: organizationID, start: .now(), progress: progress)
            report.differences = try Verification.compare(fresh, sourceCounts: counts, store: store, organizationID: organizationID)
            report.verified = true
        }
        progress.finish()
        return report
    }

    /// Writes a snapshot in link order: blocks, identities, agents.
    static func write(
        _ snapshot: SourceSnapshot, with importer: ObjectImporter, into report: inout MigrationReport, progress: Progress
    ) throws {
        progress.begin(
            importer.dryRun ? "checking" : "writing",
            totals: ObjectCounts(identities: snapshot.identities.count, blocks: snapshot.blocks.count, agents: snapshot.agents.count))
        for record in snapshot.blocks {
            report.record(.block, id: record.object.id, try importer.put(record))
            progress.advance(.block)
        }
        for record in snapshot.identities {
            report.record(.identity, id: record.object.id, try importer.put(record))
            progress.advance(.identity)
        }
        for record in snapshot.agents {
            var outcome = try importer.put(record)
            if case .skipped = outcome {
            } else if let parts = snapshot.agentFileParts[record.object.id] {
                let carried = try importer.putParts(agentID: record.object.id, toolsJSON: record.object.toolsJSON, parts: parts)
                outcome = ImportOutcome.combined(outcome, carried)
            }
            report.record(.agent, id: record.object.id, outcome)
            progress.advance(.agent)
        }
    }
}

/// Options of `migrate` (and the shared ones of `import`).
public struct MigrationOptions: Sendable {
    public var source: String
    public var password: String?
    public var organizationID: String
    public var dryRun: Bool
    public var concurrency: Int

    public init(source: String, password: String?, organizationID: String, dryRun: Bool, concurrency: Int) {
        self.source = source
        self.password = password
        self.organizationID = organizationID
        self.dryRun = dryRun
        self.concurrency = concurrency
    }
}
