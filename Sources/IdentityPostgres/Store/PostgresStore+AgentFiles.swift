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

extension PostgresStore {
    public func agentFileParts(agentIDs: [String], organizationID: String) throws -> [String: String] {
        guard !agentIDs.isEmpty else { return [:] }
        return try read { connection in
            let result = try connection.query(
                """
                SELECT a.id, p.document FROM agent_file_parts p JOIN agents a ON a.id = p.agent_id
                WHERE a.organization_id = $1 AND a.id = ANY($2::text[])
                """, [.text(organizationID), .array(agentIDs)])
            var documents: [String: String] = [:]
            for row in 0..<result.rowCount { documents[result[row].string(0)] = result[row].string(1) }
            return documents
        }
    }

    public func setAgentFileParts(agentID: String, organizationID: String, toolsJSON: [UInt8]?, parts: String?) throws {
        try write { transaction in
            let rows = try transaction.run([
                PostgresStatement(
                    "SELECT \(Self.agentColumns) FROM \(Self.agentFrom) WHERE a.id = $1 AND a.organization_id = $2 FOR UPDATE OF a",
                    [.text(agentID), .text(organizationID)])
            ])
            guard rows[0].rowCount > 0 else { throw StoreError.notFound(kind: .agent, id: agentID) }
            var agent = try Self.decodeAgent(rows[0][0])
            agent.toolsJSON = toolsJSON
            var statements = [
                PostgresStatement(
                    "UPDATE agent_documents SET document = $2 WHERE agent_id = $1",
                    [.text(agentID), .text(AgentDocument.encode(agent))])
            ]
            if let parts {
                statements.append(PostgresStatement(
                    """
                    INSERT INTO agent_file_parts (agent_id, document) VALUES ($1, $2)
                    ON CONFLICT (agent_id) DO UPDATE SET document = excluded.document
                    """, [.text(agentID), .text(parts)]))
            } else {
                statements.append(PostgresStatement("DELETE FROM agent_file_parts WHERE agent_id = $1", [.text(agentID)]))
            }
            try transaction.commit(after: statements)
        }
    }
}
