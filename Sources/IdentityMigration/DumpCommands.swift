import IdentityCore

/// `identity-server export`: writes the dump (see `DumpFormat`) of one organization, or of all.
public enum ExportCommand {
    /// Rows read from the store per list call.
    static let batchSize = 1000

    /// Writes the dump through `emit` (one call per line, without the newline); returns the
    /// numbers of objects written.
    public static func run(
        store: any IdentityStore, tenants: (any TenantStore)?, organizationID: String?, emit: ([UInt8]) throws -> Void
    ) throws -> ObjectCounts {
        let organizations: [Organization]
        if let organizationID {
            if let tenants {
                guard let organization = try tenants.organization(id: organizationID) else {
                    throw SourceError("organization \(organizationID) does not exist in the database")
                }
                organizations = [organization]
            } else {
                organizations = [Organization(id: organizationID, name: Actor.defaultOrganizationName, createdAt: Timestamp(microseconds: 0))]
            }
        } else {
            guard let tenants else { throw SourceError("this database cannot list its organizations; pass --organization") }
            organizations = try tenants.listOrganizations()
        }
        try emit(DumpFormat.header(organizationID: organizationID))
        var counts = ObjectCounts()
        for organization in organizations {
            try emit(DumpFormat.line(organization))
            let org = organization.id
            try pages { page in
                try store.listBlocks(BlockFilter(isTemplate: nil, includeHidden: true), page: page, cursors: .strict, organizationID: org)
            } each: { block in
                try emit(DumpFormat.line(block))
                counts.blocks += 1
                return block.id
            }
            try pages { page in try store.listIdentities(IdentityFilter(), page: page, organizationID: org) } each: {
                try emit(DumpFormat.line($0))
                counts.identities += 1
                return $0.id
            }
            let files = store as? any AgentFileStore
            var parts: [String: String] = [:]
            try pages { page in
                let agents = try store.listAgents(
                    AgentFilter(includeHidden: true), sortBy: .createdAt, page: page, cursors: .strict, organizationID: org)
                parts = try files?.agentFileParts(agentIDs: agents.map(\.id), organizationID: org) ?? [:]
                return agents
            } each: { agent in
                try emit(DumpFormat.line(agent, parts: parts[agent.id]))
                counts.agents += 1
                return agent.id
            }
            for key in try tenants?.listAPIKeys(organizationID: org) ?? [] {
                try emit(DumpFormat.line(key))
            }
        }
        return counts
    }

    /// Walks a list oldest first in pages of `batchSize`, with `after` set to the last id seen.
    private static func pages<Item>(_ fetch: (PageRequest) throws -> [Item], each: (Item) throws -> String) throws {
        var after: String?
        while true {
            let page = try fetch(PageRequest(after: after, limit: batchSize, order: .ascending))
            for item in page { after = try each(item) }
            if page.count < batchSize { return }
        }
    }
}

/// `identity-server import`: reads a dump and writes it with `ObjectImporter`'s guarantees. The
/// whole dump is decoded before anything is written, so a malformed line writes nothing.
public enum ImportCommand {
    /// Decodes the dump. `targetOrganizationID` moves a one-organization dump into that
    /// organization (nil: each object into the organization the dump names).
    public static func decode(_ data: [UInt8], targetOrganizationID: String?) throws -> DecodedDump {
        var lines = data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map(Array.init)
        if lines.last?.isEmpty == true { lines.removeLast() }
        guard let first = lines.first else { throw MalformedRecord("the dump is empty (no header line)") }
        let dumpOrganization = try DumpReader.readHeader(first)
        if targetOrganizationID != nil && dumpOrganization == nil {
            throw MalformedRecord("--organization needs a dump of one organization; this one holds every organization")
        }
        var organizations: [Organization] = []
        var keys: [APIKey] = []
        var snapshots: [(String, SourceSnapshot)] = []
        var index: [String: Int] = [:]
        for (offset, line) in lines.enumerated().dropFirst() {
            let number = offset + 1
            switch try DumpReader.entry(line, number: number) {
            case .organization(let organization):
                if targetOrganizationID == nil { organizations.append(organization) }
            case .apiKey(var key):
                key.organizationID = targetOrganizationID ?? key.organizationID
                keys.append(key)
            case .object(let kind, let dumpedOrganization, let json):
                let organizationID = targetOrganizationID ?? dumpedOrganization
                let slot = index[organizationID] ?? {
                    snapshots.append((organizationID, SourceSnapshot()))
                    index[organizationID] = snapshots.count - 1
                    return snapshots.count - 1
                }()
                do {
                    switch kind {
                    case .block:
                        snapshots[slot].1.blocks.append(
                            try RecordDecoding.block(json, organizationID: organizationID, fallbackCreatedAt: .now()))
                    case .identity:
                        snapshots[slot].1.identities.append(
                            try RecordDecoding.identity(json, organizationID: organizationID, fallbackCreatedAt: .now()))
                    default:
                        let record = try RecordDecoding.agent(json, organizationID: organizationID)
                        snapshots[slot].1.agents.append(record)
                        if let parts = try DumpFormat.parts(of: json) { snapshots[slot].1.agentFileParts[record.object.id] = parts }
                    }
                } catch let error as MalformedRecord {
                    throw MalformedRecord("line \(number): \(error)")
                }
            }
        }
        return DecodedDump(organizations: organizations, snapshots: snapshots, keys: keys)
    }

    /// A decoded dump: organizations to create, objects per target organization, API keys.
    public struct DecodedDump: Sendable {
        public var organizations: [Organization]
        public var snapshots: [(String, SourceSnapshot)]
        public var keys: [APIKey]
    }

    public static func run(
        _ data: [UInt8], store: any IdentityStore, tenants: (any TenantStore)?, targetOrganizationID: String?,
        dryRun: Bool, progress: Progress = Progress()
    ) throws -> MigrationReport {
        let started = ContinuousClock.now
        let decoded = try decode(data, targetOrganizationID: targetOrganizationID)
        for organization in decoded.organizations where !dryRun {
            if let tenants {
                if try tenants.organization(id: organization.id) == nil { _ = try tenants.createOrganization(organization) }
            } else {
                try store.ensureOrganization(id: organization.id, name: organization.name)
            }
        }
        var report = MigrationReport()
        let writing = ContinuousClock.now
        report.readSeconds = (writing - started).seconds
        for (organizationID, snapshot) in decoded.snapshots {
            if let tenants, try tenants.organization(id: organizationID) == nil, !dryRun {
                throw SourceError("organization \(organizationID) does not exist in the target database")
            }
            let importer = ObjectImporter(store: store, organizationID: organizationID, dryRun: dryRun)
            try MigrateCommand.write(snapshot, with: importer, into: &report, progress: progress)
        }
        for key in decoded.keys {
            guard let tenants else {
                report.record(.apiKey, id: key.id, .skipped(reason: "this database keeps no API keys"))
                continue
            }
            report.record(.apiKey, id: key.id, try ObjectImporter.put(key, into: tenants, dryRun: dryRun))
        }
        progress.finish()
        report.writeSeconds = (ContinuousClock.now - writing).seconds
        report.seconds = (ContinuousClock.now - started).seconds
        return report
    }
}
