import IdentityCore

/// Column lists and the mapping between rows and models.
extension PostgresStore {
    // MARK: Identities

    /// Selected from `identities i`, links included (in link order).
    static let identityColumns = """
        i.id, i.organization_id, i.identifier_key, i.name, i.identity_type, i.project_id, i.properties, i.created_at, \
        ARRAY(SELECT l.agent_id FROM identities_agents l WHERE l.identity_id = i.id ORDER BY l.seq), \
        ARRAY(SELECT l.block_id FROM identities_blocks l WHERE l.identity_id = i.id ORDER BY l.seq)
        """

    /// Like `identityColumns` but with empty link lists: identities nested in an agent render with
    /// `agent_ids: []` and `block_ids: []`, so their links are not read.
    static let nestedIdentityColumns = """
        i.id, i.organization_id, i.identifier_key, i.name, i.identity_type, i.project_id, i.properties, i.created_at, \
        ARRAY[]::text[], ARRAY[]::text[]
        """

    /// An identity row selected with `identityColumns` or `nestedIdentityColumns`.
    static func decodeIdentity(_ row: PostgresRow) throws -> Identity {
        let typeText = row.string(4)
        guard let type = IdentityType(rawValue: typeText) else {
            throw StoreCorruption(description: "identity \(row.string(0)) has unknown identity_type '\(typeText)'")
        }
        var identity = Identity(
            id: row.string(0), identifierKey: row.string(2), name: row.string(3), identityType: type,
            projectID: row.optionalString(5), organizationID: row.string(1), agentIDs: row.stringArray(8),
            blockIDs: row.stringArray(9), createdAt: Timestamp(microseconds: row.int64(7)))
        try StoredJSON.applyProperties(row.string(6), to: &identity)
        return identity
    }



    // MARK: Blocks

    /// Selected from `blocks b`, tags included (in the order they were added).
    static let blockColumns = """
        b.id, b.organization_id, b.label, b.description, b.metadata, b.value_limit, b.project_id, \
        b.template_name, b.is_template, b.template_id, b.base_template_id, b.deployment_id, b.entity_id, \
        b.preserve_on_migration, b.read_only, b.hidden, b.created_by_id, b.last_updated_by_id, b.created_at, b.value, \
        ARRAY(SELECT t.tag FROM block_tags t WHERE t.block_id = b.id ORDER BY t.seq)
        """

    /// A block row selected with `blockColumns`.
    static func decodeBlock(_ row: PostgresRow) throws -> Block {
        Block(
            id: row.string(0), organizationID: row.string(1), label: row.optionalString(2), value: row.string(19),
            limit: row.int(5), description: row.optionalString(3), metadata: try StoredJSON.decodeObject(row.string(4)),
            tags: row.stringArray(20), projectID: row.optionalString(6), templateName: row.optionalString(7),
            isTemplate: row.bool(8), templateID: row.optionalString(9), baseTemplateID: row.optionalString(10),
            deploymentID: row.optionalString(11), entityID: row.optionalString(12),
            preserveOnMigration: row.optionalBool(13), readOnly: row.bool(14), hidden: row.optionalBool(15),
            createdByID: row.optionalString(16), lastUpdatedByID: row.optionalString(17),
            createdAt: Timestamp(microseconds: row.int64(18)))
    }

    /// The columns written by `blockValues`, in order.
    static let blockValueColumns = """
        label, description, metadata, value_limit, project_id, template_name, is_template, template_id, \
        base_template_id, deployment_id, entity_id, preserve_on_migration, read_only, hidden, created_by_id, \
        last_updated_by_id, created_at, value
        """

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
    static let agentBaseColumns = """
        a.id, a.organization_id, a.name, a.created_at, a.updated_at, a.last_run_completion, a.project_id, \
        a.template_id, a.base_template_id, a.hidden, a.last_stop_reason, a.created_by_id, d.document, d.system
        """

    /// Tags, identity ids and block ids of agent `owner` (an id expression), each in link order.
    static func agentLinkColumns(_ owner: String) -> String {
        """
        ARRAY(SELECT t.tag FROM agent_tags t WHERE t.agent_id = \(owner) ORDER BY t.seq), \
        ARRAY(SELECT l.identity_id FROM identities_agents l WHERE l.agent_id = \(owner) ORDER BY l.seq), \
        ARRAY(SELECT l.block_id FROM blocks_agents l WHERE l.agent_id = \(owner) ORDER BY l.seq)
        """
    }

    /// `agentBaseColumns` followed by the agent's link arrays (columns 14–16).
    static let agentColumns = agentBaseColumns + ", " + agentLinkColumns("a.id")

    static let agentFrom = "agents a JOIN agent_documents d ON d.agent_id = a.id"

    /// An agent row selected with `agentColumns` (or `agentBaseColumns`, then tags and link ids stay empty);
    /// the linked objects (`identities`, `blocks`) are not filled yet.
    static func decodeAgent(_ row: PostgresRow, withLinks: Bool = true) throws -> Agent {
        var agent = try AgentDocument.decode(
            row.string(12), id: row.string(0), organizationID: row.string(1), name: row.string(2),
            system: row.string(13), createdAt: Timestamp(microseconds: row.int64(3)))
        agent.updatedAt = Timestamp(microseconds: row.int64(4))
        agent.lastRunCompletion = row.optionalInt64(5).map(Timestamp.init(microseconds:))
        agent.projectID = row.optionalString(6)
        agent.templateID = row.optionalString(7)
        agent.baseTemplateID = row.optionalString(8)
        agent.hidden = row.optionalBool(9)
        agent.lastStopReason = row.optionalString(10)
        agent.createdByID = row.optionalString(11)
        if withLinks {
            agent.tags = row.stringArray(14)
            agent.identityIDs = row.stringArray(15)
            agent.blockIDs = row.stringArray(16)
        }
        return agent
    }

    /// The columns written by `agentValues`, in order.
    static let agentValueColumns = """
        name, created_at, updated_at, last_run_completion, project_id, template_id, base_template_id, hidden, \
        last_stop_reason, created_by_id
        """

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
