import IdentityCore

/// Column lists and the mapping between rows and models.
extension PostgresStore {
    // MARK: Identities

    /// Selected from `identities i`, links included (in link order).
    static let identityColumns = StoredColumns.selectList(StoredColumns.identity, alias: "i") + """
        , ARRAY(SELECT l.agent_id FROM identities_agents l WHERE l.identity_id = i.id ORDER BY l.seq), \
        ARRAY(SELECT l.block_id FROM identities_blocks l WHERE l.identity_id = i.id ORDER BY l.seq)
        """

    /// Like `identityColumns` but with empty link lists: identities nested in an agent render with
    /// `agent_ids: []` and `block_ids: []`, so their links are not read.
    static let nestedIdentityColumns = StoredColumns.selectList(StoredColumns.identity, alias: "i")
        + ", ARRAY[]::text[], ARRAY[]::text[]"

    /// An identity row selected with `identityColumns` or `nestedIdentityColumns`.
    static func decodeIdentity(_ row: PostgresRow) throws -> Identity {
        var identity = try StoredRowDecoding.identity(row, at: 0)
        identity.agentIDs = row.stringArray(8)
        identity.blockIDs = row.stringArray(9)
        return identity
    }



    // MARK: Blocks

    /// Selected from `blocks b`, tags included (in the order they were added).
    static let blockColumns = StoredColumns.selectList(StoredColumns.block, alias: "b") + """
        , ARRAY(SELECT t.tag FROM block_tags t WHERE t.block_id = b.id ORDER BY t.seq)
        """

    /// A block row selected with `blockColumns`.
    static func decodeBlock(_ row: PostgresRow) throws -> Block {
        var block = try StoredRowDecoding.block(row, at: 0)
        block.tags = row.stringArray(20)
        return block
    }

    /// The columns written by `blockValues`, in order.
    static let blockValueColumns = StoredColumns.blockValues.joined(separator: ", ")

    /// The block's values in the order of `blockValueColumns` (18 values).
    static func blockValues(_ block: Block) -> [PostgresValue] {
        [
            .string(block.label), .string(block.description), .text(JSONValue.object(block.metadata).description),
            .int(block.limit), .string(block.projectID), .string(block.templateName), .bool(block.isTemplate),
            .string(block.templateID), .string(block.baseTemplateID), .string(block.deploymentID),
            .string(block.entityID), .bool(block.preserveOnMigration), .bool(block.readOnly), .bool(block.hidden),
            .string(block.createdByID), .string(block.lastUpdatedByID), .int(block.createdAt.microseconds),
            .text(block.value),
        ]
    }
}

extension PostgresStore {
    /// `values` without repeats, first occurrence kept, order kept.
    static func deduplicated<T: Hashable>(_ values: [T]) -> [T] {
        guard values.count > 1 else { return values }
        var seen = Set<T>()
        seen.reserveCapacity(values.count)
        return values.filter { seen.insert($0).inserted }
    }
}

extension PostgresStore {
    // MARK: Agents

    /// Selected from `agents a JOIN agent_documents d ON d.agent_id = a.id`: the columns and the document.
    static let agentBaseColumns = StoredColumns.selectList(StoredColumns.agent, alias: "a") + ", "
        + StoredColumns.selectList(StoredColumns.agentDocument, alias: "d") + ", a." + StoredColumns.agentRevision

    /// Tags, identity ids and block ids of agent `owner` (an id expression), each in link order.
    static func agentLinkColumns(_ owner: String) -> String {
        """
        ARRAY(SELECT t.tag FROM agent_tags t WHERE t.agent_id = \(owner) ORDER BY t.seq), \
        ARRAY(SELECT l.identity_id FROM identities_agents l WHERE l.agent_id = \(owner) ORDER BY l.seq), \
        ARRAY(SELECT l.block_id FROM blocks_agents l WHERE l.agent_id = \(owner) ORDER BY l.seq)
        """
    }

    /// `agentBaseColumns` followed by the agent's link arrays (columns 15–17).
    static let agentColumns = agentBaseColumns + ", " + agentLinkColumns("a.id")

    static let agentFrom = "agents a JOIN agent_documents d ON d.agent_id = a.id"

    /// An agent row selected with `agentColumns` (or `agentBaseColumns`, then tags and link ids stay empty);
    /// the linked objects (`identities`, `blocks`) are not filled yet.
    static func decodeAgent(_ row: PostgresRow, withLinks: Bool = true) throws -> Agent {
        var agent = try StoredRowDecoding.agent(row, at: 0)
        if withLinks {
            agent.tags = row.stringArray(15)
            agent.identityIDs = row.stringArray(16)
            agent.blockIDs = row.stringArray(17)
        }
        return agent
    }

    /// The columns written by `agentValues`, in order.
    static let agentValueColumns = StoredColumns.agentValues.joined(separator: ", ")

    /// The agent's values in the order of `agentValueColumns` (10 values).
    static func agentValues(_ agent: Agent) -> [PostgresValue] {
        [
            .text(agent.name), .int(agent.createdAt.microseconds), .int(agent.updatedAt.microseconds),
            .int(agent.lastRunCompletion?.microseconds), .string(agent.projectID), .string(agent.templateID),
            .string(agent.baseTemplateID), .bool(agent.hidden), .string(agent.lastStopReason),
            .string(agent.createdByID),
        ]
    }
}
