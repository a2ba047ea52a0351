import IdentityCore

/// Column lists and the mapping between rows and models (relationships are filled elsewhere).
extension SQLiteStore {
    // MARK: Identities

    /// The row key, then `StoredColumns.identity`.
    static let identityColumns = "i.pk, " + StoredColumns.selectList(StoredColumns.identity, alias: "i")

    /// An identity row selected with `identityColumns` (links left empty).
    static func decodeIdentity(_ row: SQLiteRow) throws -> (pk: Int64, identity: Identity) {
        (row.int(0), try StoredRowDecoding.identity(row, at: 1))
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

    /// The row key, then `StoredColumns.block`.
    static let blockColumns = "b.pk, " + StoredColumns.selectList(StoredColumns.block, alias: "b")

    /// A block row selected with `blockColumns` (tags left empty).
    static func decodeBlock(_ row: SQLiteRow) throws -> (pk: Int64, block: Block) {
        (row.int(0), try StoredRowDecoding.block(row, at: 1))
    }

    /// The block's values in the order of `blockValueColumns`.
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

    static let blockValueColumns = StoredColumns.blockValues.joined(separator: ", ")


    // MARK: Agents

    /// Selected from `agents a JOIN agent_documents d ON d.agent_pk = a.pk`.
    /// The row key, then `StoredColumns.agent`, `StoredColumns.agentDocument` and the revision.
    static let agentColumns = "a.pk, " + StoredColumns.selectList(StoredColumns.agent, alias: "a") + ", "
        + StoredColumns.selectList(StoredColumns.agentDocument, alias: "d") + ", a." + StoredColumns.agentRevision

    /// An agent row selected with `agentColumns` (relationships left empty).
    static func decodeAgent(_ row: SQLiteRow) throws -> (pk: Int64, agent: Agent) {
        (row.int(0), try StoredRowDecoding.agent(row, at: 1))
    }

    /// The agent's values in the order of `agentValueColumns`.
    static func agentValues(_ agent: Agent) -> [SQLiteValue] {
        [
            .text(agent.name), .integer(agent.createdAt.microseconds), .integer(agent.updatedAt.microseconds),
            SQLiteValue(agent.lastRunCompletion?.microseconds), SQLiteValue(agent.projectID),
            SQLiteValue(agent.templateID), SQLiteValue(agent.baseTemplateID), SQLiteValue(agent.hidden),
            SQLiteValue(agent.lastStopReason), SQLiteValue(agent.createdByID),
        ]
    }

    static let agentValueColumns = StoredColumns.agentValues.joined(separator: ", ")
}
