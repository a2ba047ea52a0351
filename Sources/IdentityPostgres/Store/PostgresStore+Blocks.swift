import IdentityCore

extension PostgresStore {
    public func createBlock(_ block: Block) throws -> Block {
        try write { transaction in
            let insert = Self.insertBlockStatements(block)
            try transaction.commit(after: insert.statements)
            var stored = block
            stored.tags = insert.tags
            return stored
        }
    }

    public func block(id: String, organizationID: String) throws -> Block? {
        try read { connection in
            try connection.query(
                "SELECT \(Self.blockColumns) FROM blocks b WHERE b.id = $1 AND b.organization_id = $2",
                [.text(id), .text(organizationID)]
            ).first.map(Self.decodeBlock)
        }
    }

    public func updateBlock(id: String, organizationID: String, mutate: (inout Block) throws -> Void) throws -> Block {
        try write { transaction in
            guard let current = try transaction.query(
                "SELECT \(Self.blockColumns) FROM blocks b WHERE b.id = $1 AND b.organization_id = $2 FOR UPDATE",
                [.text(id), .text(organizationID)]
            ).first.map(Self.decodeBlock) else {
                throw StoreError.notFound(kind: .block, id: id)
            }
            var updated = current
            try mutate(&updated)
            updated.id = current.id
            updated.organizationID = current.organizationID
            var statements = [
                PostgresStatement(
                    "UPDATE blocks SET (\(Self.blockValueColumns)) = ($2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, "
                        + "$13, $14, $15, $16, $17, $18, $19) WHERE id = $1",
                    [.text(id)] + Self.blockValues(updated))
            ]
            if updated.label != current.label {
                statements.append(PostgresStatement(
                    "UPDATE blocks_agents SET block_label = $2 WHERE block_id = $1", [.text(id), .string(updated.label)]))
            }
            let tags = Self.tagStatements(
                table: "block_tags", ownerColumn: "block_id", owner: id, organizationID: organizationID,
                current: current.tags, desired: updated.tags)
            do {
                try transaction.commit(after: statements + tags.statements)
            } catch {
                throw Self.labelConflict(from: error) ?? error
            }
            updated.tags = tags.tags
            return updated
        }
    }

    public func deleteBlock(id: String, organizationID: String) throws -> Bool {
        try write { transaction in
            try transaction.commit(after: [
                PostgresStatement("DELETE FROM blocks WHERE id = $1 AND organization_id = $2", [.text(id), .text(organizationID)])
            ])[0].affectedRows > 0
        }
    }

    public func listBlocks(
        _ filter: BlockFilter, page: PageRequest, cursors: CursorPolicy, organizationID: String
    ) throws -> [Block] {
        let query = PostgresPageQuery(
            table: "blocks", alias: "b", kind: .block, select: "SELECT \(Self.blockColumns) FROM blocks b",
            builder: Self.blockConditions(filter, organizationID: organizationID), keys: PostgresSortKey.createdAt(page.order))
        return try read { connection in
            try query.run(page: page, cursors: cursors, organizationID: organizationID) { try connection.run($0) }
                .map(Self.decodeBlock)
        }
    }

    public func countBlocks(_ filter: BlockFilter, organizationID: String) throws -> Int {
        let builder = Self.blockConditions(filter, organizationID: organizationID)
        return try read { connection in
            try connection.query(
                "SELECT count(*) FROM blocks b WHERE \(builder.whereClause)", builder.parameters,
                plansPerValue: builder.plansPerValue)
                .first?.int(0) ?? 0
        }
    }

    // MARK: Helpers

    /// The statements inserting the block and its tags (deduplicated), and the tags as stored.
    static func insertBlockStatements(_ block: Block) -> (statements: [PostgresStatement], tags: [String]) {
        let insert = PostgresStatement(
            "INSERT INTO blocks (id, organization_id, \(blockValueColumns)) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, "
                + "$10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20)",
            [.text(block.id), .text(block.organizationID)] + blockValues(block))
        let tags = tagStatements(
            table: "block_tags", ownerColumn: "block_id", owner: block.id, organizationID: block.organizationID,
            current: [], desired: block.tags)
        return ([insert] + tags.statements, tags.tags)
    }

    /// The filter as conditions over alias `b`, scoped to the organization.
    static func blockConditions(_ filter: BlockFilter, organizationID: String) -> PostgresQueryBuilder {
        var builder = PostgresQueryBuilder()
        let organization = builder.bind(organizationID)
        builder.add("b.organization_id = \(organization)")
        if let label = filter.label {
            builder.add("b.label = \(builder.bind(label))")
        } else if let search = filter.labelSearch {
            builder.addContains("b.label", search)
        }
        if let isTemplate = filter.isTemplate {
            builder.add("b.is_template = \(builder.bind(.bool(isTemplate)))")
        }
        if let templateName = filter.templateName {
            builder.add("b.template_name = \(builder.bind(templateName))")
        }
        if let projectID = filter.projectID {
            builder.add("b.project_id = \(builder.bind(projectID))")
        }
        if let search = filter.descriptionSearch {
            builder.addContains("b.description", search)
        }
        if let search = filter.valueSearch {
            builder.addContains("b.value", search)
        }
        let attachedAgents = "(SELECT count(*) FROM blocks_agents l WHERE l.block_id = b.id)"
        if filter.connectedToAgentsCountGreaterThan != nil || filter.connectedToAgentsCountLessThan != nil
            || !filter.connectedToAgentsCountIn.isEmpty {
            builder.plansPerValue = true
        }
        if let count = filter.connectedToAgentsCountGreaterThan {
            builder.add("\(attachedAgents) > \(builder.bind(.int(count)))")
        }
        if let count = filter.connectedToAgentsCountLessThan {
            builder.add("\(attachedAgents) < \(builder.bind(.int(count)))")
        }
        if !filter.connectedToAgentsCountIn.isEmpty {
            builder.add("\(attachedAgents) = ANY(\(builder.bind(.array(filter.connectedToAgentsCountIn)))::bigint[])")
        }
        if !filter.includeHidden {
            builder.add("b.hidden IS NOT TRUE")
        }
        addIdentityRestriction(
            &builder, owner: "b.id", link: "identities_blocks", linkOwner: "block_id", identityID: filter.identityID,
            identifierKeys: filter.identifierKeys, organization: organization)
        if !filter.tags.isEmpty {
            addTagRestriction(
                &builder, owner: "b.id", table: "block_tags", tagOwner: "block_id", tags: filter.tags,
                matchAll: filter.matchAllTags, organization: organization)
        }
        return builder
    }

    /// Owners linked to one identity of the organization that has `identityID` (if given) and one of
    /// `identifierKeys` (if any): both conditions apply to the same linked identity (docs/reference/letta-api.md §8.9).
    static func addIdentityRestriction(
        _ builder: inout PostgresQueryBuilder, owner: String, link: String, linkOwner: String, identityID: String?,
        identifierKeys: [String], organization: String
    ) {
        guard identityID != nil || !identifierKeys.isEmpty else { return }
        builder.drivenByKeys = true
        var conditions = ["i.organization_id = \(organization)"]
        if let identityID { conditions.append("i.id = \(builder.bind(identityID))") }
        if !identifierKeys.isEmpty {
            conditions.append("i.identifier_key = ANY(\(builder.bind(.array(deduplicated(identifierKeys))))::text[])")
        }
        builder.add(
            "\(owner) IN (SELECT l.\(linkOwner) FROM identities i JOIN \(link) l ON l.identity_id = i.id "
                + "WHERE \(conditions.joined(separator: " AND ")))")
    }

    /// Owners carrying any (or, with `matchAll`, every) of `tags`.
    static func addTagRestriction(
        _ builder: inout PostgresQueryBuilder, owner: String, table: String, tagOwner: String, tags: [String],
        matchAll: Bool, organization: String
    ) {
        let tags = deduplicated(tags)
        builder.plansPerValue = true
        var sql = "SELECT \(tagOwner) FROM \(table) WHERE organization_id = \(organization) "
            + "AND tag = ANY(\(builder.bind(.array(tags)))::text[])"
        if matchAll && tags.count > 1 {
            sql += " GROUP BY \(tagOwner) HAVING count(*) = \(builder.bind(.int(tags.count)))"
        }
        builder.add("\(owner) IN (\(sql))")
    }
}
