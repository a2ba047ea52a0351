import IdentityCore

/// The verification pass: a fresh read of the source compared with the target, object by object
/// (with `ObjectImporter`'s rules, in a dry run: every object must come out `unchanged`), and the
/// counts of both sides.
enum Verification {
    static func compare(
        _ snapshot: SourceSnapshot, sourceCounts: ObjectCounts, store: any IdentityStore, organizationID: String
    ) throws -> [String] {
        let checker = ObjectImporter(store: store, organizationID: organizationID, dryRun: true)
        var differences: [String] = []
        func check<Object>(_ kind: ObjectKind, _ records: [SourceRecord<Object>], _ outcome: (SourceRecord<Object>) throws -> ImportOutcome, id: (Object) -> String) rethrows {
            for record in records {
                switch try outcome(record) {
                case .unchanged: continue
                case .created: differences.append("\(kind.rawValue) \(id(record.object)): missing in the target")
                case .updated: differences.append("\(kind.rawValue) \(id(record.object)): differs in the target")
                case .skipped(let reason): differences.append("\(kind.rawValue) \(id(record.object)): \(reason)")
                }
            }
        }
        try check(.block, snapshot.blocks, checker.put, id: \.id)
        try check(.identity, snapshot.identities, checker.put, id: \.id)
        try check(.agent, snapshot.agents, checker.put, id: \.id)
        for record in snapshot.agents {
            guard let parts = snapshot.agentFileParts[record.object.id] else { continue }
            switch try checker.putParts(agentID: record.object.id, toolsJSON: record.object.toolsJSON, parts: parts) {
            case .unchanged, .created: continue
            case .updated: differences.append("agent \(record.object.id): tools or messages differ in the target")
            case .skipped(let reason): differences.append("agent \(record.object.id): \(reason)")
            }
        }

        let listed = ObjectCounts(
            identities: snapshot.identities.count, blocks: snapshot.blocks.count, agents: snapshot.agents.count)
        let target = ObjectCounts(
            identities: try store.countIdentities(organizationID: organizationID),
            blocks: try store.countBlocks(BlockFilter(isTemplate: nil, includeHidden: true), organizationID: organizationID),
            agents: try store.countAgents(AgentFilter(includeHidden: true), organizationID: organizationID))
        for (name, source, listedCount, targetCount) in [
            ("identities", sourceCounts.identities, listed.identities, target.identities),
            ("blocks", sourceCounts.blocks, listed.blocks, target.blocks),
            ("agents", sourceCounts.agents, listed.agents, target.agents),
        ] {
            if source != listedCount { differences.append("\(name): the source counts \(source) but lists \(listedCount)") }
            if targetCount != listedCount {
                differences.append("\(name): the source has \(listedCount), the target \(targetCount)")
            }
        }
        return differences
    }
}
