import IdentityCore

extension SQLiteStore {
    public func createAgent(_ agent: Agent, newBlocks: [Block]) throws -> Agent {
        try write { db in
            let organizationID = agent.organizationID
            let identities = try Self.planNewLinks(
                .agentIdentities, desired: agent.identityIDs, organizationID: organizationID, db)
            let newBlockIDs = Set(newBlocks.map(\.id))
            let existingBlockIDs = Self.deduplicated(agent.blockIDs.filter { !newBlockIDs.contains($0) })
            var blockPKs = try Self.resolve(
                existingBlockIDs, in: "blocks", kind: .block, organizationID: organizationID, db)
            for var block in newBlocks {
                block.organizationID = organizationID
                blockPKs[block.id] = try Self.insertBlock(block, db).pk
            }
            let pk = try Self.insertAgent(agent, organizationID: organizationID, db)
            try Self.apply(identities, owner: pk, ownerID: agent.id, db)
            for blockID in Self.deduplicated(agent.blockIDs) {
                guard let blockPK = blockPKs[blockID] else { continue }
                try Self.attachBlock(blockPK, toAgent: pk, agentID: agent.id, db)
            }
            guard let stored = try Self.loadAgents([pk], db).first else {
                throw StoreCorruption(description: "agent \(agent.id) vanished inside its own transaction")
            }
            return stored
        }
    }

    public func agent(id: String, organizationID: String) throws -> Agent? {
        try read { db in
            try Self.withAgentRelationships(Self.agentRows(id: id, organizationID: organizationID, db), db).first
        }
    }

    public func updateAgent(id: String, organizationID: String, mutate: (inout Agent) throws -> Void) throws -> Agent {
        try write { db in
            let rows = try Self.agentRows(id: id, organizationID: organizationID, db)
            guard let current = try Self.withAgentRelationships(rows, db).first, let pk = rows.first?.pk else {
                throw StoreError.notFound(kind: .agent, id: id)
            }
            var updated = current
            try mutate(&updated)
            updated.id = current.id
            updated.organizationID = current.organizationID
            let currentIdentities = try Self.linkedTargets(.agentIdentities, owner: pk, db)
            let currentBlocks = try Self.linkedTargets(.agentBlocks, owner: pk, db)
            let identities = try Self.planLinks(
                .agentIdentities, current: currentIdentities, desired: updated.identityIDs,
                organizationID: organizationID, db)
            let blocks = try Self.planLinks(
                .agentBlocks, current: currentBlocks, desired: updated.blockIDs, organizationID: organizationID, db)
            try db.run(
                """
                UPDATE agents SET name = ?, created_at = ?, updated_at = ?, last_run_completion = ?, project_id = ?,
                template_id = ?, base_template_id = ?, hidden = ?, last_stop_reason = ?, created_by_id = ? WHERE pk = ?
                """, Self.agentValues(updated) + [.integer(pk)])
            try db.run(
                "UPDATE agent_documents SET system = ?, document = ? WHERE agent_pk = ?",
                [.text(updated.system), .text(AgentDocument.encode(updated)), .integer(pk)])
            _ = try Self.replaceTags(
                .agents, owner: pk, organizationID: organizationID, current: current.tags, desired: updated.tags, db)
            try Self.apply(identities, owner: pk, ownerID: id, db)
            try Self.apply(blocks, owner: pk, ownerID: id, db)
            guard let stored = try Self.loadAgents([pk], db).first else {
                throw StoreCorruption(description: "agent \(id) vanished inside its own transaction")
            }
            return stored
        }
    }

    public func deleteAgent(id: String, organizationID: String) throws -> Bool {
        try write { db in
            try db.run("DELETE FROM agents WHERE id = ? AND organization_id = ?", [.text(id), .text(organizationID)])
            return db.changes > 0
        }
    }

    // MARK: Helpers

    /// The agent row with this id in the organization (relationships not filled).
    static func agentRows(id: String, organizationID: String, _ db: SQLiteConnection) throws -> [(
        pk: Int64, agent: Agent
    )] {
        try db.query(
            """
            SELECT \(agentColumns) FROM agents a JOIN agent_documents d ON d.agent_pk = a.pk
            WHERE a.id = ? AND a.organization_id = ?
            """, [.text(id), .text(organizationID)], decodeAgent)
    }
}

extension SQLiteStore {
    /// Inserts the agent's row, its document and its tags (not its links); returns its pk.
    static func insertAgent(_ agent: Agent, organizationID: String, _ db: SQLiteConnection) throws -> Int64 {
        try db.run(
            "INSERT INTO agents (id, organization_id, \(agentValueColumns)) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [.text(agent.id), .text(organizationID)] + agentValues(agent))
        let pk = db.lastInsertRowID
        try db.run(
            "INSERT INTO agent_documents (agent_pk, system, document) VALUES (?, ?, ?)",
            [.integer(pk), .text(agent.system), .text(AgentDocument.encode(agent))])
        _ = try replaceTags(.agents, owner: pk, organizationID: organizationID, current: [], desired: agent.tags, db)
        return pk
    }
}
