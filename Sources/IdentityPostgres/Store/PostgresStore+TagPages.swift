import IdentityCore

extension PostgresStore {
    /// The page query of an agent list selecting `columns` from `from` (which names the agent row `a`):
    /// a one-tag filter ordered by `created_at` reads one range of `agent_tags_in_page_order` (schema
    /// migration 7) in page order, each entry joined to its agent; every other filter and order filters
    /// and orders the agent rows. Both give the same rows in the same order; cursors are looked up in
    /// `agents` either way and, here, bound the index range.
    static func agentPageQuery(
        columns: String, from: String, _ filter: AgentFilter, sortBy: AgentSortField, order: SortOrder,
        organizationID: String
    ) -> PostgresPageQuery {
        let tags = deduplicated(filter.tags)
        guard sortBy == .createdAt, tags.count == 1,
            filter == AgentFilter(tags: filter.tags, matchAllTags: filter.matchAllTags, includeHidden: filter.includeHidden)
        else {
            return PostgresPageQuery(
                table: "agents", alias: "a", kind: .agent, select: "SELECT \(columns) FROM \(from)",
                builder: agentConditions(filter, organizationID: organizationID), keys: agentSortKeys(sortBy, order))
        }
        var builder = PostgresQueryBuilder()
        builder.add("t.organization_id = \(builder.bind(organizationID))")
        builder.add("t.tag = \(builder.bind(tags[0]))")
        if !filter.includeHidden { builder.add("NOT t.hidden") }
        let ascending = order == .ascending
        // The tag row's copy of the agent id is `agent_id`; a cursor row (of `agents`) has `id`.
        let keys = [
            PostgresSortKey(expression: { "\($0).created_at" }, ascending: ascending),
            PostgresSortKey(expression: { $0 == "t" ? "t.agent_id" : "\($0).id" }, ascending: ascending),
        ]
        return PostgresPageQuery(
            table: "agents", alias: "t", kind: .agent,
            select: "SELECT \(columns) FROM agent_tags t JOIN \(from) ON a.id = t.agent_id", builder: builder, keys: keys)
    }
}
