import IdentityCore

extension SQLiteStore {
    public func createIdentity(_ identity: Identity) throws -> Identity {
        try write { db in try Self.insertIdentity(identity, db) }
    }

    public func identity(id: String, organizationID: String) throws -> Identity? {
        try read { db in
            try Self.withIdentityLinks(
                Self.identityRows(where: "i.id = ? AND i.organization_id = ?", [.text(id), .text(organizationID)], db),
                db
            ).first?.identity
        }
    }

    public func identity(identifierKey: String, projectID: String?, organizationID: String) throws -> Identity? {
        try read { db in
            try Self.withIdentityLinks(Self.identityRows(identifierKey, projectID, organizationID, db), db).first?
                .identity
        }
    }

    public func upsertIdentity(
        identifierKey: String, projectID: String?, organizationID: String,
        make: () throws -> Identity, mutate: (inout Identity) throws -> Void
    ) throws -> Identity {
        try write { db in
            guard let current = try Self.identityRows(identifierKey, projectID, organizationID, db).first else {
                return try Self.insertIdentity(make(), db)
            }
            return try Self.updateIdentity(current, mutate, db)
        }
    }

    public func updateIdentity(
        id: String, organizationID: String, mutate: (inout Identity) throws -> Void
    ) throws -> Identity {
        try write { db in
            let rows = try Self.identityRows(
                where: "i.id = ? AND i.organization_id = ?", [.text(id), .text(organizationID)], db)
            guard let current = rows.first else { throw StoreError.notFound(kind: .identity, id: id) }
            return try Self.updateIdentity(current, mutate, db)
        }
    }

    public func deleteIdentity(id: String, organizationID: String) throws -> Bool {
        try write { db in
            try db.run(
                "DELETE FROM identities WHERE id = ? AND organization_id = ?", [.text(id), .text(organizationID)])
            return db.changes > 0
        }
    }

    public func listIdentities(_ filter: IdentityFilter, page: PageRequest, organizationID: String) throws -> [Identity]
    {
        try read { db in
            var conditions = SQLConditions()
            if let name = filter.name {
                conditions.appendContains("i.name", name)
            }
            if let key = filter.identifierKey {
                conditions.append("i.identifier_key = ?", [.text(key)])
            }
            if let type = filter.identityType {
                conditions.append("i.identity_type = ?", [.text(type.rawValue)])
            }
            if let project = filter.projectID {
                conditions.append("i.project_id = ?", [.text(project)])
            }
            let query = ListQuery(table: "identities", alias: "i", kind: .identity, organizationID: organizationID)
            let pks = try query.pagePKs(
                conditions: conditions, sort: .createdAt, page: page, cursors: .strict, restrictions: [], db)
            return try Self.loadIdentities(pks, db).map(\.identity)
        }
    }

    public func countIdentities(organizationID: String) throws -> Int {
        try read { db in
            Int(
                try db.scalarInt("SELECT count(*) FROM identities WHERE organization_id = ?", [.text(organizationID)])
                    ?? 0)
        }
    }

    // MARK: Writing

    /// The identity row with this key and project (a nil project matches only nil).
    static func identityRows(
        _ identifierKey: String, _ projectID: String?, _ organizationID: String, _ db: SQLiteConnection
    ) throws -> [(pk: Int64, identity: Identity)] {
        try identityRows(
            where: "i.organization_id = ? AND i.identifier_key = ? AND i.project_id IS ?",
            [.text(organizationID), .text(identifierKey), SQLiteValue(projectID)], db)
    }

    /// Validates the links, inserts the row and its links; returns the identity as stored.
    static func insertIdentity(_ identity: Identity, _ db: SQLiteConnection) throws -> Identity {
        let organizationID = identity.organizationID
        let agents = try planNewLinks(.identityAgents, desired: identity.agentIDs, organizationID: organizationID, db)
        let blocks = try planNewLinks(.identityBlocks, desired: identity.blockIDs, organizationID: organizationID, db)
        try mappingIdentityConflict(identity) {
            try db.run(
                """
                INSERT INTO identities (id, organization_id, identifier_key, name, identity_type, project_id, properties, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """, [.text(identity.id), .text(organizationID)] + identityValues(identity))
        }
        let pk = db.lastInsertRowID
        try apply(agents, owner: pk, ownerID: identity.id, db)
        try apply(blocks, owner: pk, ownerID: identity.id, db)
        var stored = identity
        stored.agentIDs = agents.resultingIDs
        stored.blockIDs = blocks.resultingIDs
        return stored
    }

    /// Applies `mutate` to the stored identity and writes the result; `id` and `organizationID` stay.
    static func updateIdentity(
        _ current: (pk: Int64, identity: Identity), _ mutate: (inout Identity) throws -> Void, _ db: SQLiteConnection
    ) throws -> Identity {
        let pk = current.pk
        let currentAgents = try linkedTargets(.identityAgents, owner: pk, db)
        let currentBlocks = try linkedTargets(.identityBlocks, owner: pk, db)
        var updated = current.identity
        updated.agentIDs = currentAgents.map(\.id)
        updated.blockIDs = currentBlocks.map(\.id)
        try mutate(&updated)
        updated.id = current.identity.id
        updated.organizationID = current.identity.organizationID
        let organizationID = updated.organizationID
        let agents = try planLinks(
            .identityAgents, current: currentAgents, desired: updated.agentIDs, organizationID: organizationID, db)
        let blocks = try planLinks(
            .identityBlocks, current: currentBlocks, desired: updated.blockIDs, organizationID: organizationID, db)
        try mappingIdentityConflict(updated) {
            try db.run(
                """
                UPDATE identities SET identifier_key = ?, name = ?, identity_type = ?, project_id = ?, properties = ?,
                created_at = ? WHERE pk = ?
                """, identityValues(updated) + [.integer(pk)])
        }
        try apply(agents, owner: pk, ownerID: updated.id, db)
        try apply(blocks, owner: pk, ownerID: updated.id, db)
        updated.agentIDs = agents.resultingIDs
        updated.blockIDs = blocks.resultingIDs
        return updated
    }

    /// Runs `body`, turning a violation of the identifier-key uniqueness into `StoreError.conflict`.
    static func mappingIdentityConflict(_ identity: Identity, _ body: () throws -> Void) throws {
        try onUniqueViolation(body) { error in
            guard error.messageContains("identities_identifier_key_unique") else { throw error }
            let project = identity.projectID ?? "None"
            return StoreError.conflict(
                kind: .identity,
                message:
                    "An identity with identifier_key='\(identity.identifierKey)', project_id='\(project)' already exists"
            )
        }
    }
}
