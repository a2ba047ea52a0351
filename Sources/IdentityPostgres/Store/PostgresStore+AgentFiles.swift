import IdentityCore

extension PostgresStore: AgentFileStore {
    /// Migration 5: the parts of an imported agent file kept with each agent (`AgentFileStore`).
    static let agentFilePartsSchema = """
        CREATE TABLE agent_file_parts (
            agent_id TEXT COLLATE "C" PRIMARY KEY REFERENCES agents (id) ON DELETE CASCADE,
            document TEXT NOT NULL
        );
        """

    public func importAgentFile(_ plan: AgentFileImportPlan, organizationID: String) throws -> [String] {
        try write { transaction in
            var statements: [PostgresStatement] = []
            for var block in plan.blocks {
                block.organizationID = organizationID
                statements += Self.insertBlockStatements(block).statements
            }
            let newBlocks = Set(plan.blocks.map(\.id))
            for imported in plan.agents {
                var agent = imported.agent
                agent.organizationID = organizationID
                if let missing = agent.blockIDs.first(where: { !newBlocks.contains($0) }) {
                    throw StoreError.missingReferences(kind: .block, ids: [missing])
                }
                statements += Self.insertAgentStatements(agent, organizationID: organizationID)
                statements += Self.linkStatements(
                    PostgresLinkChange(.agentBlocks, current: [], desired: agent.blockIDs), owner: agent.id)
                statements.append(PostgresStatement(
                    "INSERT INTO agent_file_parts (agent_id, document) VALUES ($1, $2)",
                    [.text(agent.id), .text(imported.parts)]))
            }
            do {
                try transaction.commit(after: statements)
            } catch {
                throw Self.labelConflict(from: error) ?? error
            }
            return plan.agents.map(\.agent.id)
        }
    }

    public func agentFileParts(agentID: String, organizationID: String) throws -> String? {
        try read { connection in
            let result = try connection.query(
                """
                SELECT p.document FROM agent_file_parts p JOIN agents a ON a.id = p.agent_id
                WHERE a.id = $1 AND a.organization_id = $2
                """, [.text(agentID), .text(organizationID)])
            return result.first?.string(0)
        }
    }
}
