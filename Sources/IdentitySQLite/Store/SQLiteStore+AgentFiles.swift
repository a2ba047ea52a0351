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

extension SQLiteStore {
    public func agentFileParts(agentIDs: [String], organizationID: String) throws -> [String: String] {
        guard !agentIDs.isEmpty else { return [:] }
        return try read { db in
            var documents: [String: String] = [:]
            for start in stride(from: 0, to: agentIDs.count, by: Self.partsBatch) {
                let ids = agentIDs[start..<min(start + Self.partsBatch, agentIDs.count)]
                let marks = Array(repeating: "?", count: ids.count).joined(separator: ", ")
                let rows = try db.query(
                    """
                    SELECT a.id, p.document FROM agent_file_parts p JOIN agents a ON a.pk = p.agent_pk
                    WHERE a.organization_id = ? AND a.id IN (\(marks))
                    """, [.text(organizationID)] + ids.map { .text($0) }) { row in (row.string(0), row.string(1)) }
                for (id, document) in rows { documents[id] = document }
            }
            return documents
        }
    }

    /// Agent ids bound per `agentFileParts(agentIDs:)` statement (SQLite allows 32766 parameters).
    static let partsBatch = 500

    public func setAgentFileParts(agentID: String, organizationID: String, toolsJSON: [UInt8]?, parts: String?) throws {
        try write { db in
            guard let row = try Self.agentRows(id: agentID, organizationID: organizationID, db).first else {
                throw StoreError.notFound(kind: .agent, id: agentID)
            }
            var agent = row.agent
            agent.toolsJSON = toolsJSON
            try db.run(
                "UPDATE agent_documents SET document = ? WHERE agent_pk = ?",
                [.text(AgentDocument.encode(agent)), .integer(row.pk)])
            if let parts {
                try db.run(
                    """
                    INSERT INTO agent_file_parts (agent_pk, document) VALUES (?, ?)
                    ON CONFLICT (agent_pk) DO UPDATE SET document = excluded.document
                    """, [.integer(row.pk), .text(parts)])
            } else {
                try db.run("DELETE FROM agent_file_parts WHERE agent_pk = ?", [.integer(row.pk)])
            }
        }
    }
}
