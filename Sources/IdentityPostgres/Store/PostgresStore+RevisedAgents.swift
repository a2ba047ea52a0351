import IdentityCore

/// Reads for the rendering cache (`IdentityStore.listRevisedAgents`, `revisedAgent`): a page of
/// (id, revision) in one statement, then the refused agents in one REPEATABLE READ snapshot with their
/// revision. The load runs after the page, so an agent is never older than the revision the page read;
/// an agent deleted in between is left out.
extension PostgresStore {
    public func listRevisedAgents(
        _ filter: AgentFilter, sortBy: AgentSortField, page: PageRequest, cursors: CursorPolicy, organizationID: String,
        isCurrent: (_ id: String, _ revision: Int64) -> Bool
    ) throws -> [RevisedAgent] {
        let query = Self.agentPageQuery(
            columns: "a.id, a.revision", from: "agents a", filter, sortBy: sortBy, order: page.order,
            organizationID: organizationID)
        let rows = try read { connection in
            try query.run(page: page, cursors: cursors, organizationID: organizationID) { try connection.run($0) }
                .map { (id: $0.string(0), revision: $0.int64(1)) }
        }
        return try RevisedAgent.entries(rows, idAndRevision: { $0 }, isCurrent: isCurrent) {
            try agents(ids: $0.map(\.id), organizationID: organizationID)
        }
    }

    public func revisedAgent(
        id: String, organizationID: String, isCurrent: (_ id: String, _ revision: Int64) -> Bool
    ) throws -> RevisedAgent? {
        let revision = try read { connection in
            try connection.query(
                "SELECT revision FROM agents WHERE id = $1 AND organization_id = $2", [.text(id), .text(organizationID)]
            ).first?.int64(0)
        }
        guard let revision else { return nil }
        if isCurrent(id, revision) { return RevisedAgent(id: id, revision: revision, agent: nil) }
        guard let agent = try agent(id: id, organizationID: organizationID) else { return nil }
        return RevisedAgent(id: id, revision: agent.revision, agent: agent)
    }

    /// The agents with these ids (any order), relationships filled, in one snapshot and round trip.
    func agents(ids: [String], organizationID: String) throws -> [Agent] {
        let parameters: [PostgresValue] = [.array(ids), .text(organizationID)]
        return try readSnapshot { transaction in
            let results = try transaction.commit(after: [
                PostgresStatement(
                    "SELECT \(Self.agentColumns) FROM \(Self.agentFrom) WHERE a.id = ANY($1::text[]) AND a.organization_id = $2",
                    parameters),
                PostgresStatement(
                    "SELECT \(Self.nestedIdentityColumns) FROM identities i WHERE i.organization_id = $2 AND i.id IN "
                        + "(SELECT l.identity_id FROM identities_agents l WHERE l.agent_id = ANY($1::text[]))",
                    parameters),
                PostgresStatement(
                    "SELECT \(Self.blockColumns) FROM blocks b WHERE b.organization_id = $2 AND b.id IN "
                        + "(SELECT l.block_id FROM blocks_agents l WHERE l.agent_id = ANY($1::text[]))",
                    parameters),
            ])
            return try Self.assembleAgents(results[0], identities: results[1], blocks: results[2])
        }
    }
}
