import IdentityCore

extension SQLiteStore: AgentFileStore {
    /// Migration 6: the parts of an imported agent file kept with each agent (`AgentFileStore`).
    static let agentFilePartsSchema = """
        CREATE TABLE agent_file_parts (
            agent_pk INTEGER PRIMARY KEY REFERENCES agents (pk) ON DELETE CASCADE,
            document TEXT NOT NULL
        ) STRICT;
        """

    public func importAgentFile(_ plan: AgentFileImportPlan, organizationID: String) throws -> [String] {
        try write { db in
            var blockPKs: [String: Int64] = [:]
            for var block in plan.blocks {
                block.organizationID = organizationID
                blockPKs[block.id] = try Self.insertBlock(block, db).pk
            }
            for imported in plan.agents {
                var agent = imported.agent
                agent.organizationID = organizationID
                let pk = try Self.insertAgent(agent, organizationID: organizationID, db)
                for blockID in Self.deduplicated(agent.blockIDs) {
                    guard let blockPK = blockPKs[blockID] else {
                        throw StoreError.missingReferences(kind: .block, ids: [blockID])
                    }
                    try Self.attachBlock(blockPK, toAgent: pk, agentID: agent.id, db)
                }
                try db.run(
                    "INSERT INTO agent_file_parts (agent_pk, document) VALUES (?, ?)", [.integer(pk), .text(imported.parts)])
            }
            return plan.agents.map(\.agent.id)
        }
    }

    public func agentFileParts(agentID: String, organizationID: String) throws -> String? {
        try read { db in
            try db.query(
                """
                SELECT p.document FROM agent_file_parts p JOIN agents a ON a.pk = p.agent_pk
                WHERE a.id = ? AND a.organization_id = ?
                """, [.text(agentID), .text(organizationID)]) { row in row.string(0) }.first
        }
    }
}
