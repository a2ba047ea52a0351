import IdentityCore

/// Column lists and the mapping between rows and models (relationships are filled elsewhere).
extension SQLiteStore {
    // MARK: Identities

    static let identityColumns =
        "i.pk, i.id, i.organization_id, i.identifier_key, i.name, i.identity_type, i.project_id, i.properties, i.created_at"

    /// An identity row selected with `identityColumns` (links left empty).
    static func decodeIdentity(_ row: SQLiteRow) throws -> (pk: Int64, identity: Identity) {
        let typeText = row.string(5)
        guard let type = IdentityType(rawValue: typeText) else {
            throw StoreCorruption(
                description: "identity \(row.string(1)) has unknown identity_type '\(typeText)'")
        }
        var identity = Identity(
            id: row.string(1), identifierKey: row.string(3), name: row.string(4), identityType: type,
            projectID: row.optionalString(6), organizationID: row.string(2),
            createdAt: Timestamp(microseconds: row.int(8)))
        try StoredJSON.applyProperties(row.string(7), to: &identity)
        return (row.int(0), identity)
    }

    /// The identity's columns in the order of `INSERT`/`UPDATE` statements:
    /// identifier_key, name, identity_type, project_id, properties, created_at.
    static func identityValues(_ identity: Identity) -> [SQLiteValue] {
        [
            .text(identity.identifierKey), .text(identity.name), .text(identity.identityType.rawValue),
            SQLiteValue(identity.projectID), .text(StoredJSON.encodeProperties(identity.properties)),
            .integer(identity.createdAt.microseconds),
        ]
    }


    // MARK: Blocks

    static let blockColumns = """
        b.pk, b.id, b.organization_id, b.label, b.description, b.metadata, b.value_limit, b.project_id, \
        b.template_name, b.is_template, b.template_id, b.base_template_id, b.deployment_id, b.entity_id, \
        b.preserve_on_migration, b.read_only, b.hidden, b.created_by_id, b.last_updated_by_id, b.created_at, b.value
        """

    /// A block row selected with `blockColumns` (tags left empty).
    static func decodeBlock(_ row: SQLiteRow) throws -> (pk: Int64, block: Block) {
        let block = Block(
            id: row.string(1), organizationID: row.string(2), label: row.optionalString(3), value: row.string(20),
            limit: row.int(6), description: row.optionalString(4), metadata: try StoredJSON.decodeObject(row.string(5)),
            projectID: row.optionalString(7), templateName: row.optionalString(8), isTemplate: row.bool(9),
            templateID: row.optionalString(10), baseTemplateID: row.optionalString(11),
            deploymentID: row.optionalString(12), entityID: row.optionalString(13),
            preserveOnMigration: row.optionalBool(14), readOnly: row.bool(15), hidden: row.optionalBool(16),
            createdByID: row.optionalString(17), lastUpdatedByID: row.optionalString(18),
            createdAt: Timestamp(microseconds: row.int(19)))
        return (row.int(0), block)
    }

    /// The block's columns in the order of `INSERT`/`UPDATE` statements: label, description, metadata,
    /// value_limit, project_id, template_name, is_template, template_id, base_template_id,
    /// deployment_id, entity_id, preserve_on_migration, read_only, hidden, created_by_id,
    /// last_updated_by_id, created_at, value.
    static func blockValues(_ block: Block) -> [SQLiteValue] {
        [
            SQLiteValue(block.label), SQLiteValue(block.description),
            .text(JSONValue.object(block.metadata).description),
            .integer(Int64(block.limit)), SQLiteValue(block.projectID), SQLiteValue(block.templateName),
            SQLiteValue(block.isTemplate), SQLiteValue(block.templateID), SQLiteValue(block.baseTemplateID),
            SQLiteValue(block.deploymentID), SQLiteValue(block.entityID), SQLiteValue(block.preserveOnMigration),
            SQLiteValue(block.readOnly), SQLiteValue(block.hidden), SQLiteValue(block.createdByID),
            SQLiteValue(block.lastUpdatedByID), .integer(block.createdAt.microseconds), .text(block.value),
        ]
    }

    static let blockValueColumns = """
        label, description, metadata, value_limit, project_id, template_name, is_template, template_id, \
        base_template_id, deployment_id, entity_id, preserve_on_migration, read_only, hidden, created_by_id, \
        last_updated_by_id, created_at, value
        """


    // MARK: Agents

    /// Selected from `agents a JOIN agent_documents d ON d.agent_pk = a.pk`.
    static let agentColumns = """
        a.pk, a.id, a.organization_id, a.name, a.created_at, a.updated_at, a.last_run_completion, a.project_id, \
        a.template_id, a.base_template_id, a.hidden, a.last_stop_reason, a.created_by_id, d.document, d.system
        """

    /// An agent row selected with `agentColumns` (relationships left empty).
    static func decodeAgent(_ row: SQLiteRow) throws -> (pk: Int64, agent: Agent) {
        var agent = try AgentDocument.decode(
            row.string(13), id: row.string(1), organizationID: row.string(2), name: row.string(3),
            system: row.string(14), createdAt: Timestamp(microseconds: row.int(4)))
        agent.updatedAt = Timestamp(microseconds: row.int(5))
        agent.lastRunCompletion = (row.optionalInt(6) as Int64?).map(Timestamp.init(microseconds:))
        agent.projectID = row.optionalString(7)
        agent.templateID = row.optionalString(8)
        agent.baseTemplateID = row.optionalString(9)
        agent.hidden = row.optionalBool(10)
        agent.lastStopReason = row.optionalString(11)
        agent.createdByID = row.optionalString(12)
        return (row.int(0), agent)
    }

    /// The agent's columns in the order of `INSERT`/`UPDATE` statements: name, created_at, updated_at,
    /// last_run_completion, project_id, template_id, base_template_id, hidden, last_stop_reason, created_by_id.
    static func agentValues(_ agent: Agent) -> [SQLiteValue] {
        [
            .text(agent.name), .integer(agent.createdAt.microseconds), .integer(agent.updatedAt.microseconds),
            SQLiteValue(agent.lastRunCompletion?.microseconds), SQLiteValue(agent.projectID),
            SQLiteValue(agent.templateID), SQLiteValue(agent.baseTemplateID), SQLiteValue(agent.hidden),
            SQLiteValue(agent.lastStopReason), SQLiteValue(agent.createdByID),
        ]
    }

    static let agentValueColumns = """
        name, created_at, updated_at, last_run_completion, project_id, template_id, base_template_id, hidden, \
        last_stop_reason, created_by_id
        """
}
