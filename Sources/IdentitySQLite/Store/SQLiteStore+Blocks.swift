import IdentityCore

extension SQLiteStore {
    public func createBlock(_ block: Block) throws -> Block {
        try write { db in try Self.insertBlock(block, db).block }
    }

    public func block(id: String, organizationID: String) throws -> Block? {
        try read { db in
            try Self.withBlockTags(
                Self.blockRows(where: "b.id = ? AND b.organization_id = ?", [.text(id), .text(organizationID)], db), db
            ).first?.block
        }
    }

    public func updateBlock(id: String, organizationID: String, mutate: (inout Block) throws -> Void) throws -> Block {
        try write { db in
            let rows = try Self.blockRows(
                where: "b.id = ? AND b.organization_id = ?", [.text(id), .text(organizationID)], db)
            guard let current = try Self.withBlockTags(rows, db).first else {
                throw StoreError.notFound(kind: .block, id: id)
            }
            var updated = current.block
            try mutate(&updated)
            updated.id = current.block.id
            updated.organizationID = current.block.organizationID
            try db.run(
                """
                UPDATE blocks SET label = ?, description = ?, metadata = ?, value_limit = ?, project_id = ?,
                template_name = ?, is_template = ?, template_id = ?, base_template_id = ?, deployment_id = ?,
                entity_id = ?, preserve_on_migration = ?, read_only = ?, hidden = ?, created_by_id = ?,
                last_updated_by_id = ?, created_at = ?, value = ? WHERE pk = ?
                """, Self.blockValues(updated) + [.integer(current.pk)])
            if updated.label != current.block.label {
                try Self.relabelAttachments(block: current.pk, label: updated.label, db)
            }
            updated.tags = try Self.replaceTags(
                .blocks, owner: current.pk, organizationID: organizationID, current: current.block.tags,
                desired: updated.tags, db)
            return updated
        }
    }

    public func deleteBlock(id: String, organizationID: String) throws -> Bool {
        try write { db in
            try db.run("DELETE FROM blocks WHERE id = ? AND organization_id = ?", [.text(id), .text(organizationID)])
            return db.changes > 0
        }
    }

    public func listBlocks(
        _ filter: BlockFilter, page: PageRequest, cursors: CursorPolicy, organizationID: String
    ) throws -> [Block] {
        try read { db in
            let query = ListQuery(table: "blocks", alias: "b", kind: .block, organizationID: organizationID)
            let (conditions, restrictions) = try Self.blockConditions(filter, organizationID: organizationID, db)
            let pks = try query.pagePKs(
                conditions: conditions, sort: .createdAt, page: page, cursors: cursors, restrictions: restrictions, db)
            return try Self.loadBlocks(pks, db).map(\.block)
        }
    }

    public func countBlocks(_ filter: BlockFilter, organizationID: String) throws -> Int {
        try read { db in
            let query = ListQuery(table: "blocks", alias: "b", kind: .block, organizationID: organizationID)
            let (conditions, restrictions) = try Self.blockConditions(filter, organizationID: organizationID, db)
            return try query.count(conditions: conditions, restrictions: restrictions, db)
        }
    }

    // MARK: Helpers

    /// Inserts the block and its tags (deduplicated); returns its pk and the block as stored.
    static func insertBlock(_ block: Block, _ db: SQLiteConnection) throws -> (pk: Int64, block: Block) {
        try db.run(
            """
            INSERT INTO blocks (id, organization_id, \(blockValueColumns))
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, [.text(block.id), .text(block.organizationID)] + blockValues(block))
        let pk = db.lastInsertRowID
        var stored = block
        stored.tags = try replaceTags(
            .blocks, owner: pk, organizationID: block.organizationID, current: [], desired: block.tags, db)
        return (pk, stored)
    }

    /// Copies a block's new label to its attachments; a label one of its agents already has is a conflict.
    static func relabelAttachments(block: Int64, label: String?, _ db: SQLiteConnection) throws {
        try onUniqueViolation {
            try db.run(
                "UPDATE blocks_agents SET block_label = ? WHERE block_pk = ?", [SQLiteValue(label), .integer(block)])
        } conflict: { _ in
            let agentID = try db.scalarString(
                """
                SELECT a.id FROM blocks_agents mine
                JOIN blocks_agents other ON other.agent_pk = mine.agent_pk AND other.block_pk != mine.block_pk
                JOIN blocks b ON b.pk = other.block_pk
                JOIN agents a ON a.pk = mine.agent_pk
                WHERE mine.block_pk = ? AND b.label = ?
                """, [.integer(block), SQLiteValue(label)])
            return labelConflict(label: label ?? "", agentID: agentID ?? "")
        }
    }

    /// The filter as column conditions (over alias `b`) and link restrictions (sets of block pks).
    static func blockConditions(
        _ filter: BlockFilter, organizationID: String, _ db: SQLiteConnection
    ) throws -> (SQLConditions, [Restriction]) {
        var conditions = SQLConditions()
        if let label = filter.label {
            conditions.append("b.label = ?", [.text(label)])
        } else if let search = filter.labelSearch {
            conditions.appendContains("b.label", search)
        }
        if let isTemplate = filter.isTemplate {
            conditions.append("b.is_template = ?", [SQLiteValue(isTemplate)])
        }
        if let templateName = filter.templateName {
            conditions.append("b.template_name = ?", [.text(templateName)])
        }
        if let projectID = filter.projectID {
            conditions.append("b.project_id = ?", [.text(projectID)])
        }
        if let search = filter.descriptionSearch {
            conditions.appendContains("b.description", search)
        }
        if let search = filter.valueSearch {
            conditions.appendContains("b.value", search)
        }
        let attachedAgents = "(SELECT count(*) FROM blocks_agents l WHERE l.block_pk = b.pk)"
        if let count = filter.connectedToAgentsCountGreaterThan {
            conditions.append("\(attachedAgents) > ?", [.integer(Int64(count))])
        }
        if let count = filter.connectedToAgentsCountLessThan {
            conditions.append("\(attachedAgents) < ?", [.integer(Int64(count))])
        }
        if !filter.connectedToAgentsCountIn.isEmpty {
            conditions.appendIn(
                attachedAgents, deduplicated(filter.connectedToAgentsCountIn).map { .integer(Int64($0)) })
        }
        if !filter.includeHidden {
            conditions.append("b.hidden IS NOT 1")
        }
        var restrictions: [Restriction] = []
        if let identity = identityRestriction(
            link: "identities_blocks", owner: "block_pk", identityID: filter.identityID,
            identifierKeys: filter.identifierKeys, organizationID: organizationID)
        {
            restrictions.append(identity)
        }
        if !filter.tags.isEmpty {
            restrictions.append(
                try ListQuery.tagRestriction(
                    .blocks, owner: "b.pk", tags: filter.tags, matchAll: filter.matchAllTags,
                    organizationID: organizationID, db))
        }
        return (conditions, restrictions)
    }
}
