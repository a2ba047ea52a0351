import IdentityCore

extension SQLiteStore {
    /// The statement selecting `columns` (over alias `a`, the agent row) of one agent page in page
    /// order: a one-tag page by `created_at` from its tag index range (`tagPageStatement`),
    /// every other filter and order through `ListQuery`. nil when the page is known to be empty.
    static func agentPageStatement(
        columns: String, _ filter: AgentFilter, sortBy: AgentSortField, page: PageRequest, cursors: CursorPolicy,
        organizationID: String, _ db: SQLiteConnection
    ) throws -> (sql: String, bindings: [SQLiteValue])? {
        let query = ListQuery(table: "agents", alias: "a", kind: .agent, organizationID: organizationID)
        if sortBy == .createdAt, isTagsOnly(filter), case let tags = deduplicated(filter.tags), tags.count == 1 {
            return try tagPageStatement(
                columns: columns, tag: tags[0], includeHidden: filter.includeHidden, page: page, cursors: cursors,
                query, db)
        }
        let (conditions, restrictions) = try agentConditions(filter, organizationID: organizationID, db)
        return try query.pageStatement(
            columns: columns, conditions: conditions, sort: sortKey(sortBy), page: page, cursors: cursors,
            restrictions: restrictions, db)
    }

    /// One tag's agents ordered by (created_at, id), hidden ones only with `includeHidden`: one
    /// range of `agent_tags_in_page_order` (schema migration 8), which copies the agents' sort key,
    /// so the page reads at most `limit` index entries (plus those of hidden agents when they are
    /// left out) and then each agent row by pk. The cursors are looked up in `agents` as for any
    /// list and bound the range. Same rows and order as `ListQuery`'s plan for the same filter.
    static func tagPageStatement(
        columns: String, tag: String, includeHidden: Bool, page: PageRequest, cursors: CursorPolicy,
        _ query: ListQuery, _ db: SQLiteConnection
    ) throws -> (sql: String, bindings: [SQLiteValue])? {
        let bounds = try query.cursorBounds(
            page, key: "a.created_at", compared: "(t.created_at, t.agent_id)", cursors: cursors, db)
        let limit = page.limit.map { max(0, $0) }
        if limit == 0 { return nil }
        var scope = SQLConditions()
        scope.append("t.organization_id = ?", [.text(query.organizationID)])
        scope.append("t.tag = ?", [.text(tag)])
        if !includeHidden { scope.append("t.hidden = 0") }
        scope.append(contentsOf: bounds)
        let direction = page.order == .ascending ? "ASC" : "DESC"
        return (
            """
            SELECT \(columns) FROM agent_tags t INDEXED BY agent_tags_in_page_order \
            CROSS JOIN agents a ON a.pk = t.agent_pk WHERE \(scope.sql) \
            ORDER BY t.created_at \(direction), t.agent_id \(direction) LIMIT ?
            """,
            scope.bindings + [.integer(Int64(limit ?? -1))]
        )
    }
}
