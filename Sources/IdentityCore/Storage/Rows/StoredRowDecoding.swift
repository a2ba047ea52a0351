/// Models from rows selected with `StoredColumns`, shared by the engines. `offset` is the index
/// of the first of the table's columns in the row. Relationships (links, tags) are left empty:
/// each engine reads those its own way.
public enum StoredRowDecoding {
    /// An identity from `StoredColumns.identity`.
    @inlinable
    public static func identity<Row: StoredRow>(_ row: Row, at offset: Int32) throws -> Identity {
        let typeText = row.string(offset + 4)
        guard let type = IdentityType(rawValue: typeText) else {
            throw StoreCorruption(description: "identity \(row.string(offset)) has unknown identity_type '\(typeText)'")
        }
        var identity = Identity(
            id: row.string(offset), identifierKey: row.string(offset + 2), name: row.string(offset + 3),
            identityType: type, projectID: row.optionalString(offset + 5), organizationID: row.string(offset + 1),
            createdAt: Timestamp(microseconds: row.int64(offset + 7)))
        try StoredJSON.applyProperties(row.string(offset + 6), to: &identity)
        return identity
    }

    /// A block from `StoredColumns.block`.
    @inlinable
    public static func block<Row: StoredRow>(_ row: Row, at offset: Int32) throws -> Block {
        Block(
            id: row.string(offset), organizationID: row.string(offset + 1), label: row.optionalString(offset + 2),
            value: row.string(offset + 19), limit: row.int(offset + 5), description: row.optionalString(offset + 3),
            metadata: try StoredJSON.decodeObject(row.string(offset + 4)), projectID: row.optionalString(offset + 6),
            templateName: row.optionalString(offset + 7), isTemplate: row.bool(offset + 8),
            templateID: row.optionalString(offset + 9), baseTemplateID: row.optionalString(offset + 10),
            deploymentID: row.optionalString(offset + 11), entityID: row.optionalString(offset + 12),
            preserveOnMigration: row.optionalBool(offset + 13), readOnly: row.bool(offset + 14),
            hidden: row.optionalBool(offset + 15), createdByID: row.optionalString(offset + 16),
            lastUpdatedByID: row.optionalString(offset + 17), createdAt: Timestamp(microseconds: row.int64(offset + 18)))
    }

    /// An agent from `StoredColumns.agent` followed by `StoredColumns.agentDocument` and
    /// `StoredColumns.agentRevision`.
    @inlinable
    public static func agent<Row: StoredRow>(_ row: Row, at offset: Int32) throws -> Agent {
        var agent = try AgentDocument.decode(
            row.string(offset + 12), id: row.string(offset), organizationID: row.string(offset + 1),
            name: row.string(offset + 2), system: row.string(offset + 13),
            createdAt: Timestamp(microseconds: row.int64(offset + 3)))
        agent.updatedAt = Timestamp(microseconds: row.int64(offset + 4))
        agent.lastRunCompletion = row.optionalInt64(offset + 5).map(Timestamp.init(microseconds:))
        agent.projectID = row.optionalString(offset + 6)
        agent.templateID = row.optionalString(offset + 7)
        agent.baseTemplateID = row.optionalString(offset + 8)
        agent.hidden = row.optionalBool(offset + 9)
        agent.lastStopReason = row.optionalString(offset + 10)
        agent.createdByID = row.optionalString(offset + 11)
        agent.revision = row.int64(offset + 14)
        return agent
    }
}
