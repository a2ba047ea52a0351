import IdentityCore
import IdentitySQLite

/// Fills a database through `SQLiteStore`'s own create calls (`createIdentity`,
/// `createAgent`), so every row is exactly what the API stores, in batches: `batchSize`
/// objects per `WriteUnit` (see `BatchWriter`), up to 64 units per transaction. Remembers the
/// samples the runner queries.
struct Seeder {
    let options: SeedOptions

    /// What the runner needs to know about a seeded database.
    struct Result {
        var facts: [(key: String, value: String)] = []
        /// `identity_id identifier_key` of every identity except the sample one.
        var pool: [String] = []
    }

    func run() throws -> Result {
        let identityCount = options.identityCount
        let agentCount = options.agentCount ?? identityCount
        let batchSize = options.batchSize
        let corpus = SeedCorpus(identityCount: max(identityCount, 1))
        let clock = ContinuousClock()
        var result = Result()
        let store = try SQLiteStore(path: options.databasePath)
        // Closed before returning, so the WAL is checkpointed into the file the runner measures.
        defer { store.close() }
        let writer = BatchWriter(store: store)

        // Ids are made here (as the API makes them, before the insert), so agents can link
        // identities that are still queued.
        var identityIDs: [String] = []
        identityIDs.reserveCapacity(identityCount)
        let identitiesStart = clock.now
        for batchStart in stride(from: 0, to: identityCount, by: batchSize) {
            let batch = (batchStart..<min(batchStart + batchSize, identityCount)).map(corpus.identity)
            identityIDs += batch.map(\.id)
            writer.submit { for identity in batch { _ = try store.createIdentity(identity) } }
        }
        try writer.finish()
        let identitiesElapsed = clock.now - identitiesStart

        // Samples: an agent with memory blocks in the middle of the table, and the identity it
        // is first linked to (so `?identifier_keys=K` finds it among that identity's agents);
        // and the hub of the middle hundred, linked to exactly ten agents.
        let sampleAgent = agentCount > 0 ? (agentCount / 2) / 4 * 4 : nil
        let sampleIdentity = identityCount > 0 ? (sampleAgent.map { corpus.linkedIdentities(ofAgent: $0)[0] } ?? identityCount / 2) : nil
        let sampleHub = sampleHubIdentity(corpus, agentCount: agentCount)
        let sampleTag = SeedCorpus.tagVocabulary[0]
        var sampleAgentID: String?
        var sampleIdentityAgents = 0
        var sampleHubAgents = 0
        var sampleTagAgents = 0
        var blockCount = 0

        let agentsStart = clock.now
        for batchStart in stride(from: 0, to: agentCount, by: batchSize) {
            var batch: [(agent: Agent, blocks: [Block])] = []
            batch.reserveCapacity(batchSize)
            for index in batchStart..<min(batchStart + batchSize, agentCount) {
                let linked = corpus.linkedIdentities(ofAgent: index)
                let blocks = corpus.newBlocks(ofAgent: index)
                let agent = corpus.agent(index, identityIDs: linked.map { identityIDs[$0] }, blocks: blocks)
                batch.append((agent, blocks))
                blockCount += blocks.count
                if index == sampleAgent { sampleAgentID = agent.id }
                if let sampleIdentity, linked.contains(sampleIdentity) { sampleIdentityAgents += 1 }
                if let sampleHub, linked.contains(sampleHub) { sampleHubAgents += 1 }
                if agent.tags.contains(sampleTag) { sampleTagAgents += 1 }
            }
            writer.submit { [batch] in
                for (agent, blocks) in batch { _ = try store.createAgent(agent, newBlocks: blocks) }
            }
        }
        try writer.finish()
        let agentsElapsed = clock.now - agentsStart

        result.facts = [
            ("identities", "\(identityCount)"),
            ("agents", "\(agentCount)"),
            ("blocks", "\(blockCount)"),
            ("identity_seconds", seconds(identitiesElapsed)),
            ("agent_seconds", seconds(agentsElapsed)),
        ]
        if let sampleIdentity {
            result.facts += [
                ("identity_id", identityIDs[sampleIdentity]),
                ("identifier_key", corpus.identifierKey(sampleIdentity)),
                ("identifier_key_agents", "\(sampleIdentityAgents)"),
            ]
        }
        if let sampleHub {
            result.facts += [("hub_key", corpus.identifierKey(sampleHub)), ("hub_agents", "\(sampleHubAgents)")]
        } else if let sampleIdentity {
            // Too few rows for a hub: the ordinary sample stands in.
            result.facts += [("hub_key", corpus.identifierKey(sampleIdentity)), ("hub_agents", "\(sampleIdentityAgents)")]
        }
        if let sampleAgentID {
            result.facts += [
                ("agent_id", sampleAgentID),
                ("tag", sampleTag),
                ("tag_agents", "\(sampleTagAgents)"),
            ]
        }
        if options.poolPath != nil {
            result.pool.reserveCapacity(identityCount)
            for index in 0..<identityCount where index != sampleIdentity {
                result.pool.append("\(identityIDs[index]) \(corpus.identifierKey(index))")
            }
        }
        print(
            "seeded \(identityCount) identities in \(seconds(identitiesElapsed)) s (\(rate(identityCount, identitiesElapsed))/s), "
                + "\(agentCount) agents with \(blockCount) blocks in \(seconds(agentsElapsed)) s (\(rate(agentCount, agentsElapsed))/s)"
        )
        return result
    }

    /// The hub whose ten agents sit in the middle of the agent table, if the counts have one.
    private func sampleHubIdentity(_ corpus: SeedCorpus, agentCount: Int) -> Int? {
        let spacing = SeedCorpus.hubSpacing
        var lastAgent = (agentCount / 2) / spacing * spacing + spacing - 1
        if lastAgent >= agentCount { lastAgent -= spacing }
        guard lastAgent >= 0 else { return nil }
        return corpus.hub(ofAgent: lastAgent)
    }

    private func seconds(_ duration: Duration) -> String {
        let milliseconds = duration.components.seconds * 1000 + duration.components.attoseconds / 1_000_000_000_000_000
        return "\(Double(milliseconds) / 1000)"
    }

    private func rate(_ count: Int, _ duration: Duration) -> Int {
        let microseconds = duration.components.seconds * 1_000_000 + duration.components.attoseconds / 1_000_000_000_000
        return microseconds > 0 ? Int(Int64(count) * 1_000_000 / microseconds) : 0
    }
}
