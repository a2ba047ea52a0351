extension PostgresStore {
    /// The distinct tags of the organization's agents and blocks (UNION), ordered by code point
    /// (`COLLATE "C"`), cursors compared as strings in the page's order, `nameContains` a case-insensitive
    /// substring (ASCII case folding, as in the SQLite store).
    public func listTags(nameContains: String?, page: PageRequest, organizationID: String) throws -> [String] {
        var builder = PostgresQueryBuilder()
        let organization = builder.bind(organizationID)
        let ascending = page.order == .ascending
        if let after = page.after {
            builder.add("t.tag \(ascending ? ">" : "<") \(builder.bind(after))")
        }
        if let before = page.before {
            builder.add("t.tag \(ascending ? "<" : ">") \(builder.bind(before))")
        }
        if let nameContains {
            builder.addContains("t.tag", nameContains)
        }
        let limit = builder.bind(.int(page.limit.map { max(0, $0) }))
        let sql = """
            SELECT t.tag FROM (
                SELECT tag FROM agent_tags WHERE organization_id = \(organization)
                UNION
                SELECT tag FROM block_tags WHERE organization_id = \(organization)
            ) t WHERE \(builder.whereClause) ORDER BY t.tag COLLATE "C" \(ascending ? "ASC" : "DESC") LIMIT \(limit)
            """
        return try read { connection in
            try connection.query(sql, builder.parameters, plansPerValue: builder.plansPerValue).map { $0.string(0) }
        }
    }
}
