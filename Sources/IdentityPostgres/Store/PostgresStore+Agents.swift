import IdentityCore

extension PostgresStore {
    public func createAgent(_ agent: Agent, newBlocks: [Block]) throws -> Agent {
        try write { transaction in
            let organizationID = agent.organizationID
            let newBlockIDs = Set(newBlocks.map(\.id))
            let identities = PostgresLinkChange(.agentIdentities, current: [], desired: agent.identityIDs)
            let existingBlocks = PostgresLinkChange(
                .agentBlocks, current: [], desired: agent.blockIDs.filter { !newBlockIDs.contains($0) })
            try Self.validate([identities, existingBlocks], organizationID: organizationID, transaction)
            var statements: [PostgresStatement] = []
            for var block in newBlocks {
                block.organizationID = organizationID
                statements += Self.insertBlockStatements(block).statements
            }
            statements += Self.insertAgentStatements(agent, organizationID: organizationID)
            statements += Self.linkStatements(identities, owner: agent.id)
            let blocks = PostgresLinkChange(.agentBlocks, current: [], desired: agent.blockIDs)
            statements += Self.linkStatements(blocks, owner: agent.id)
            return try Self.commitReadingAgent(agent.id, organizationID: organizationID, after: statements, transaction)
        }
    }

    public func agent(id: String, organizationID: String) throws -> Agent? {
        try readSnapshot { transaction in
            let results = try transaction.commit(after: Self.agentByIDStatements(id: id, organizationID: organizationID))
            return try Self.assembleAgents(results[0], identities: results[1], blocks: results[2]).first
        }
    }

    public func updateAgent(id: String, organizationID: String, mutate: (inout Agent) throws -> Void) throws -> Agent {
        try write { transaction in
            let results = try transaction.run(
                Self.agentByIDStatements(id: id, organizationID: organizationID, forUpdate: true))
            guard let current = try Self.assembleAgents(results[0], identities: results[1], blocks: results[2]).first else {
                throw StoreError.notFound(kind: .agent, id: id)
            }
            var updated = current
            try mutate(&updated)
            let identities = PostgresLinkChange(.agentIdentities, current: current.identityIDs, desired: updated.identityIDs)
            let blocks = PostgresLinkChange(.agentBlocks, current: current.blockIDs, desired: updated.blockIDs)
            try Self.validate([identities, blocks], organizationID: organizationID, transaction)
            var statements = [
                PostgresStatement(
                    "UPDATE agents SET (\(Self.agentValueColumns)) = ($2, $3, $4, $5, $6, $7, $8, $9, $10, $11) WHERE id = $1",
                    [.text(id)] + Self.agentValues(updated)),
                PostgresStatement(
                    "UPDATE agent_documents SET system = $2, document = $3 WHERE agent_id = $1",
                    [.text(id), .text(updated.system), .text(AgentDocument.encode(updated))]),
            ]
            statements += Self.tagStatements(
                table: "agent_tags", ownerColumn: "agent_id", owner: id, organizationID: organizationID,
                current: current.tags, desired: updated.tags
            ).statements
            statements += Self.linkStatements(identities, owner: id) + Self.linkStatements(blocks, owner: id)
            return try Self.commitReadingAgent(id, organizationID: organizationID, after: statements, transaction)
        }
    }

    public func deleteAgent(id: String, organizationID: String) throws -> Bool {
        try write { transaction in
            try transaction.commit(after: [
                PostgresStatement("DELETE FROM agents WHERE id = $1 AND organization_id = $2", [.text(id), .text(organizationID)])
            ])[0].affectedRows > 0
        }
    }

    // MARK: Reading agents with their relationships

    /// The agent row (locked with `forUpdate`), its linked identities and its blocks: three statements that
    /// can share one round trip, since the related rows are found through the link tables.
    static func agentByIDStatements(id: String, organizationID: String, forUpdate: Bool = false) -> [PostgresStatement] {
        let parameters: [PostgresValue] = [.text(id), .text(organizationID)]
        return [
            PostgresStatement(
                "SELECT \(agentColumns) FROM \(agentFrom) WHERE a.id = $1 AND a.organization_id = $2"
                    + (forUpdate ? " FOR UPDATE OF a" : ""),
                parameters),
            PostgresStatement(
                "SELECT \(nestedIdentityColumns) FROM identities i WHERE i.organization_id = $2 AND i.id IN "
                    + "(SELECT l.identity_id FROM identities_agents l WHERE l.agent_id = $1)",
                parameters),
            PostgresStatement(
                "SELECT \(blockColumns) FROM blocks b WHERE b.organization_id = $2 AND b.id IN "
                    + "(SELECT l.block_id FROM blocks_agents l WHERE l.agent_id = $1)",
                parameters),
        ]
    }

    /// Runs `statements`, reads the agent back and commits, all in one round trip. A label clash among
    /// the agent's blocks becomes `StoreError.conflict`.
    static func commitReadingAgent(
        _ id: String, organizationID: String, after statements: [PostgresStatement], _ transaction: PostgresTransaction
    ) throws -> Agent {
        let reads = agentByIDStatements(id: id, organizationID: organizationID)
        let results: [PostgresResult]
        do {
            results = try transaction.commit(after: statements + reads)
        } catch {
            throw labelConflict(from: error) ?? error
        }
        let count = results.count
        guard let agent = try assembleAgents(results[count - 3], identities: results[count - 2], blocks: results[count - 1]).first
        else {
            throw StoreCorruption(description: "agent \(id) vanished inside its own transaction")
        }
        return agent
    }

    /// Agents from `agentColumns` rows, with `identities` and `blocks` filled from the given rows (in
    /// link order; ids without a row are dropped, as the SQLite store does).
    static func assembleAgents(_ agents: PostgresResult, identities: PostgresResult, blocks: PostgresResult) throws -> [Agent] {
        try assembleAgents(agents.map { try decodeAgent($0) }, identities: identities, blocks: blocks)
    }

    /// `agents` (link ids filled) with `identities` and `blocks` filled from the given rows.
    static func assembleAgents(_ agents: [Agent], identities: PostgresResult, blocks: PostgresResult) throws -> [Agent] {
        var identitiesByID: [String: Identity] = [:]
        for row in 0..<identities.rowCount {
            let identity = try decodeIdentity(identities[row])
            identitiesByID[identity.id] = identity
        }
        var blocksByID: [String: Block] = [:]
        for row in 0..<blocks.rowCount {
            let block = try decodeBlock(blocks[row])
            blocksByID[block.id] = block
        }
        return agents.map { decoded in
            var agent = decoded
            agent.identities = agent.identityIDs.compactMap { identitiesByID[$0] }
            agent.identityIDs = agent.identities.map(\.id)
            agent.blocks = agent.blockIDs.compactMap { blocksByID[$0] }
            agent.blockIDs = agent.blocks.map(\.id)
            return agent
        }
    }
}

extension PostgresStore {
    /// Inserts the agent's row, its document and its tags (not its links).
    static func insertAgentStatements(_ agent: Agent, organizationID: String) -> [PostgresStatement] {
        [
            PostgresStatement(
                "INSERT INTO agents (id, organization_id, \(agentValueColumns)) "
                    + "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
                [.text(agent.id), .text(organizationID)] + agentValues(agent)),
            PostgresStatement(
                "INSERT INTO agent_documents (agent_id, system, document) VALUES ($1, $2, $3)",
                [.text(agent.id), .text(agent.system), .text(AgentDocument.encode(agent))]),
        ] + tagStatements(
            table: "agent_tags", ownerColumn: "agent_id", owner: agent.id, organizationID: organizationID,
            current: [], desired: agent.tags
        ).statements
    }
}
