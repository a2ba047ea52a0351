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
        let started = ContinuousClock.now
        let client = try LettaClient(baseURL: options.source, password: options.password, concurrency: options.concurrency)
        defer { client.close() }
        let source = LettaSource(client: client, concurrency: options.concurrency)
        _ = try await source.checkServer()
        let organizationID = options.organizationID

        progress.begin("reading", totals: try await source.counts())
        let snapshot = try await source.read(organizationID: organizationID, start: .now(), progress: progress)

        let importer = ObjectImporter(store: store, organizationID: organizationID, dryRun: options.dryRun)
        var report = MigrationReport()
        let writing = ContinuousClock.now
        report.readSeconds = (writing - started).seconds
        try write(snapshot, with: importer, into: &report, progress: progress)
        report.writeSeconds = (ContinuousClock.now - writing).seconds
        report.seconds = (ContinuousClock.now - started).seconds

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

    /// Writes a snapshot in link order: blocks, identities, agents, each kind in batches
    /// (`BatchedWrites`), one transaction or savepoint per object with its links.
    static func write(
        _ snapshot: SourceSnapshot, with importer: ObjectImporter, into report: inout MigrationReport, progress: Progress
    ) throws {
        progress.begin(
            importer.dryRun ? "checking" : "writing",
            totals: ObjectCounts(identities: snapshot.identities.count, blocks: snapshot.blocks.count, agents: snapshot.agents.count))
        let writes = BatchedWrites(store: importer.store)
        let blocks = try writes.run(snapshot.blocks.map { record in { try importer.put(record) } }) {
            progress.advance(.block)
        }
        for (record, outcome) in zip(snapshot.blocks, blocks) { report.record(.block, id: record.object.id, outcome) }
        let identities = try writes.run(snapshot.identities.map { record in { try importer.put(record) } }) {
            progress.advance(.identity)
        }
        for (record, outcome) in zip(snapshot.identities, identities) { report.record(.identity, id: record.object.id, outcome) }
        let agents = try writes.run(
            snapshot.agents.map { record in
                let parts = snapshot.agentFileParts[record.object.id]
                return {
                    let outcome = try importer.put(record)
                    guard let parts else { return outcome }
                    if case .skipped = outcome { return outcome }
                    let carried = try importer.putParts(agentID: record.object.id, toolsJSON: record.object.toolsJSON, parts: parts)
                    return ImportOutcome.combined(outcome, carried)
                }
            }
        ) {
            progress.advance(.agent)
        }
        for (record, outcome) in zip(snapshot.agents, agents) { report.record(.agent, id: record.object.id, outcome) }
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
