import IdentityCore

extension SQLiteStore {
    /// The distinct tags of the organization's agents and blocks (`organization_tags`, kept by
    /// triggers on both tag tables), ordered by code point (`COLLATE BINARY` on UTF-8 text),
    /// cursors compared as strings in the page's order, `nameContains` a case-insensitive literal
    /// substring (ASCII case folding, as SQLite's `lower`).
    public func listTags(nameContains: String?, page: PageRequest, organizationID: String) throws -> [String] {
        guard
            let statement = Self.tagPageStatement(
                nameContains: nameContains, page: page, organizationID: organizationID)
        else { return [] }
        return try read { db in try db.query(statement.sql, statement.bindings) { $0.string(0) } }
    }

    /// The statement selecting one page of tags, or nil for `limit == 0`.
    static func tagPageStatement(
        nameContains: String?, page: PageRequest, organizationID: String
    ) -> (sql: String, bindings: [SQLiteValue])? {
        let limit = page.limit.map { max(0, $0) }
        if limit == 0 { return nil }
        var conditions = SQLConditions()
        conditions.append("organization_id = ?", [.text(organizationID)])
        let ascending = page.order == .ascending
        if let after = page.after {
            conditions.append(ascending ? "tag > ?" : "tag < ?", [.text(after)])
        }
        if let before = page.before {
            conditions.append(ascending ? "tag < ?" : "tag > ?", [.text(before)])
        }
        if let nameContains {
            conditions.appendContains("tag", nameContains)
        }
        let direction = ascending ? "ASC" : "DESC"
        let sql = """
            SELECT tag FROM organization_tags WHERE \(conditions.sql) ORDER BY tag COLLATE BINARY \(direction) LIMIT ?
            """
        return (sql, conditions.bindings + [.integer(Int64(limit ?? -1))])
    }
}

/// How many rows of one tag table carry a tag in an organization, from the tag directory.
struct TagCarriers {
    let tag: String
    let all: Int
    /// Hidden agents among them (0 for blocks).
    let hidden: Int
}

extension TagTable {
    /// The `organization_tags` columns counting this table's rows and hidden owners: `carriers`
    /// counts agent and block rows together, `agents` and `hidden_agents` agent rows (migration 5).
    fileprivate var carrierColumns: String {
        table == TagTable.agents.table ? "agents, hidden_agents" : "carriers - agents, 0"
    }
}

extension SQLiteStore {
    /// The carriers of each of `tags` (deduplicated) carried by at least one row of `table`.
    static func tagCarriers(
        _ table: TagTable, tags: [String], organizationID: String, _ db: SQLiteConnection
    ) throws -> [TagCarriers] {
        try db.query(
            """
            SELECT tag, \(table.carrierColumns) FROM organization_tags
            WHERE organization_id = ? AND tag IN (\(SQLPlaceholders.list(tags.count)))
            """, [.text(organizationID)] + SQLPlaceholders.padded(tags.sqlValues)
        ) { TagCarriers(tag: $0.string(0), all: $0.int(1), hidden: $0.int(2)) }
        .filter { $0.all > 0 }
    }

    /// Whether `filter` restricts by tags and by nothing else but `hidden`, so that
    /// `tagCountStatement` counts it.
    static func isTagsOnly(_ filter: AgentFilter) -> Bool {
        !filter.tags.isEmpty
            && filter
                == AgentFilter(tags: filter.tags, matchAllTags: filter.matchAllTags, includeHidden: filter.includeHidden)
    }

    /// The statement counting the organization's agents carrying any (or, with `matchAll`, every)
    /// one of `tags`, hidden agents only with `includeHidden`; nil when the count is known to be 0.
    /// It reads the tag directory's counters (one tag) or tag index entries (several tags), never
    /// an agent row: `agent_tags` copies `hidden`. With `matchAll`, the rarest tag's entries drive
    /// and each probes the agent's other tags.
    static func tagCountStatement(
        tags: [String], matchAll: Bool, includeHidden: Bool, organizationID: String, _ db: SQLiteConnection
    ) throws -> (sql: String, bindings: [SQLiteValue])? {
        let tags = deduplicated(tags)
        let organization = SQLiteValue.text(organizationID)
        if tags.count == 1 {
            let column = includeHidden ? "agents" : "agents - hidden_agents"
            return (
                "SELECT \(column) FROM organization_tags WHERE organization_id = ? AND tag = ?",
                [organization, .text(tags[0])]
            )
        }
        let visible = includeHidden ? "" : " AND t.hidden = 0"
        guard matchAll else {
            return (
                """
                SELECT count(DISTINCT t.agent_pk) FROM agent_tags t
                WHERE t.organization_id = ? AND t.tag IN (\(SQLPlaceholders.list(tags.count)))\(visible)
                """, [organization] + SQLPlaceholders.padded(tags.sqlValues)
            )
        }
        let carriers = try tagCarriers(.agents, tags: tags, organizationID: organizationID, db)
        guard carriers.count == tags.count,
            let rarest = carriers.min(by: { $0.all - $0.hidden < $1.all - $1.hidden })
        else { return nil }
        return allTagsQuery(
            .agents, select: "count(*)", rarest: rarest.tag, others: tags.filter { $0 != rarest.tag },
            condition: visible, organizationID: organizationID)
    }

    /// `SELECT <select>` over the rows of `table` tagged `rarest` (and meeting `condition`, over
    /// alias `t`) whose owner also carries every one of `others`: the rarest tag's index entries,
    /// each probing the owner's (owner, tag) index for the others.
    static func allTagsQuery(
        _ table: TagTable, select: String, rarest: String, others: [String], condition: String = "",
        organizationID: String
    ) -> (sql: String, bindings: [SQLiteValue]) {
        let owner = table.ownerColumn
        return (
            """
            SELECT \(select) FROM \(table.table) t WHERE t.organization_id = ? AND t.tag = ?\(condition) \
            AND (SELECT count(*) FROM \(table.table) u WHERE u.\(owner) = t.\(owner) \
            AND u.tag IN (\(SQLPlaceholders.list(others.count)))) = ?
            """,
            [.text(organizationID), .text(rarest)] + SQLPlaceholders.padded(others.sqlValues)
                + [.integer(Int64(others.count))]
        )
    }
}
