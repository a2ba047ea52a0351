import IdentityCore

extension PostgresStore {
    static let identityKeyConstraint = "identities_identifier_key_unique"

    static func identityConflict(_ identity: Identity) -> StoreError {
        .conflict(
            kind: .identity,
            message: "An identity with identifier_key='\(identity.identifierKey)', project_id='\(identity.projectID ?? "None")' already exists")
    }

    public func createIdentity(_ identity: Identity) throws -> Identity {
        try write { transaction in
            try Self.insertIdentity(identity, onConflictDoNothing: false, transaction) ?? identity
        }
    }

    public func identity(id: String, organizationID: String) throws -> Identity? {
        try read { connection in
            try connection.query(
                "SELECT \(Self.identityColumns) FROM identities i WHERE i.id = $1 AND i.organization_id = $2",
                [.text(id), .text(organizationID)]
            ).first.map(Self.decodeIdentity)
        }
    }

    public func identity(identifierKey: String, projectID: String?, organizationID: String) throws -> Identity? {
        try read { connection in
            try connection.run([
                Self.identityByKeyStatement(identifierKey: identifierKey, projectID: projectID, organizationID: organizationID)
            ])[0].first.map(Self.decodeIdentity)
        }
    }

    public func upsertIdentity(
        identifierKey: String, projectID: String?, organizationID: String,
        make: () throws -> Identity, mutate: (inout Identity) throws -> Void
    ) throws -> Identity {
        try write { transaction in
            // A concurrent insert of the same key makes ours do nothing; the next lookup (a new statement,
            // so a new snapshot under READ COMMITTED) then finds and locks the winner's row.
            for _ in 0..<3 {
                let existing = try transaction.run([
                    Self.identityByKeyStatement(
                        identifierKey: identifierKey, projectID: projectID, organizationID: organizationID, forUpdate: true)
                ])[0].first.map(Self.decodeIdentity)
                if let existing {
                    var updated = existing
                    try mutate(&updated)
                    return try Self.updateIdentity(from: existing, to: updated, transaction)
                }
                if let created = try Self.insertIdentity(try make(), onConflictDoNothing: true, transaction) {
                    return created
                }
            }
            throw PostgresError(kind: .server, sqlState: "40001", message: "upsert kept racing with deletes")
        }
    }

    public func updateIdentity(id: String, organizationID: String, mutate: (inout Identity) throws -> Void) throws -> Identity {
        try write { transaction in
            guard let existing = try transaction.query(
                "SELECT \(Self.identityColumns) FROM identities i WHERE i.id = $1 AND i.organization_id = $2 FOR UPDATE",
                [.text(id), .text(organizationID)]
            ).first.map(Self.decodeIdentity) else {
                throw StoreError.notFound(kind: .identity, id: id)
            }
            var updated = existing
            try mutate(&updated)
            return try Self.updateIdentity(from: existing, to: updated, transaction)
        }
    }

    public func deleteIdentity(id: String, organizationID: String) throws -> Bool {
        try write { transaction in
            try transaction.commit(after: [
                PostgresStatement(
                    "DELETE FROM identities WHERE id = $1 AND organization_id = $2", [.text(id), .text(organizationID)])
            ])[0].affectedRows > 0
        }
    }

    public func listIdentities(_ filter: IdentityFilter, page: PageRequest, organizationID: String) throws -> [Identity] {
        var builder = PostgresQueryBuilder()
        builder.add("i.organization_id = \(builder.bind(organizationID))")
        if let name = filter.name { builder.addContains("i.name", name) }
        if let key = filter.identifierKey { builder.add("i.identifier_key = \(builder.bind(key))") }
        if let type = filter.identityType { builder.add("i.identity_type = \(builder.bind(type.rawValue))") }
        if let project = filter.projectID { builder.add("i.project_id = \(builder.bind(project))") }
        let query = PostgresPageQuery(
            table: "identities", alias: "i", kind: .identity, select: "SELECT \(Self.identityColumns) FROM identities i",
            builder: builder, keys: PostgresSortKey.createdAt(page.order))
        return try read { connection in
            try query.run(page: page, cursors: .strict, organizationID: organizationID) { try connection.run($0) }
                .map(Self.decodeIdentity)
        }
    }

    public func countIdentities(organizationID: String) throws -> Int {
        try read { connection in
            try connection.query("SELECT count(*) FROM identities WHERE organization_id = $1", [.text(organizationID)])
                .first?.int(0) ?? 0
        }
    }

    // MARK: Helpers

    static func identityByKeyStatement(
        identifierKey: String, projectID: String?, organizationID: String, forUpdate: Bool = false
    ) -> PostgresStatement {
        // Two texts rather than `IS NOT DISTINCT FROM`, which cannot use the unique index.
        let project = projectID == nil ? "i.project_id IS NULL" : "i.project_id = $3"
        var parameters: [PostgresValue] = [.text(organizationID), .text(identifierKey)]
        if let projectID { parameters.append(.text(projectID)) }
        return PostgresStatement(
            "SELECT \(identityColumns) FROM identities i WHERE i.organization_id = $1 AND i.identifier_key = $2 "
                + "AND \(project)\(forUpdate ? " FOR UPDATE" : "")",
            parameters)
    }

    /// Inserts the identity and its links (validated first) and commits. With `onConflictDoNothing`, an
    /// existing (key, project) makes it return nil without writing; otherwise it is a conflict error.
    static func insertIdentity(
        _ identity: Identity, onConflictDoNothing: Bool, _ transaction: PostgresTransaction
    ) throws -> Identity? {
        let agents = PostgresLinkChange(.identityAgents, current: [], desired: identity.agentIDs)
        let blocks = PostgresLinkChange(.identityBlocks, current: [], desired: identity.blockIDs)
        try validate([agents, blocks], organizationID: identity.organizationID, transaction)
        let insert = PostgresStatement(
            """
            INSERT INTO identities (id, organization_id, identifier_key, name, identity_type, project_id, properties, created_at) \
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8)\
            \(onConflictDoNothing ? " ON CONFLICT ON CONSTRAINT \(identityKeyConstraint) DO NOTHING" : "") RETURNING id
            """,
            [
                .text(identity.id), .text(identity.organizationID), .text(identity.identifierKey), .text(identity.name),
                .text(identity.identityType.rawValue), .string(identity.projectID),
                .text(StoredJSON.encodeProperties(identity.properties)), .int(identity.createdAt.microseconds),
            ])
        let links = linkStatements(agents, owner: identity.id) + linkStatements(blocks, owner: identity.id)
        do {
            if onConflictDoNothing {
                // The links may only be written once the row is known to be ours.
                guard try transaction.run([insert])[0].rowCount == 1 else { return nil }
                try transaction.commit(after: links)
            } else {
                try transaction.commit(after: [insert] + links)
            }
        } catch {
            throw error.isUniqueViolation && error.constraint == identityKeyConstraint ? identityConflict(identity) : error
        }
        var stored = identity
        stored.agentIDs = agents.resultingIDs
        stored.blockIDs = blocks.resultingIDs
        return stored
    }

    /// Writes `updated` over `existing` (row and link sets, new links validated) and commits.
    static func updateIdentity(from existing: Identity, to updated: Identity, _ transaction: PostgresTransaction) throws -> Identity {
        let agents = PostgresLinkChange(.identityAgents, current: existing.agentIDs, desired: updated.agentIDs)
        let blocks = PostgresLinkChange(.identityBlocks, current: existing.blockIDs, desired: updated.blockIDs)
        try validate([agents, blocks], organizationID: existing.organizationID, transaction)
        var statements: [PostgresStatement] = []
        if updated.identifierKey != existing.identifierKey || updated.name != existing.name
            || updated.identityType != existing.identityType || updated.projectID != existing.projectID
            || updated.properties != existing.properties || updated.createdAt != existing.createdAt {
            statements.append(PostgresStatement(
                """
                UPDATE identities SET identifier_key = $2, name = $3, identity_type = $4, project_id = $5, \
                properties = $6, created_at = $7 WHERE id = $1
                """,
                [
                    .text(existing.id), .text(updated.identifierKey), .text(updated.name),
                    .text(updated.identityType.rawValue), .string(updated.projectID),
                    .text(StoredJSON.encodeProperties(updated.properties)), .int(updated.createdAt.microseconds),
                ]))
        }
        statements += linkStatements(agents, owner: existing.id) + linkStatements(blocks, owner: existing.id)
        do {
            try transaction.commit(after: statements)
        } catch {
            throw error.isUniqueViolation && error.constraint == identityKeyConstraint ? identityConflict(updated) : error
        }
        var stored = updated
        stored.id = existing.id
        stored.organizationID = existing.organizationID
        stored.agentIDs = agents.resultingIDs
        stored.blockIDs = blocks.resultingIDs
        return stored
    }
}
