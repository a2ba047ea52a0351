import IdentityCore

extension PostgresStore {
    /// The distinct tags of the organization's agents and blocks, ordered by code point (`COLLATE "C"`),
    /// cursors compared as strings in the page's order, `nameContains` a case-insensitive substring
    /// (ASCII case folding, as in the SQLite store). Read from the tag directory, skipping tags no agent
    /// or block carries any more.
    public func listTags(nameContains: String?, page: PageRequest, organizationID: String) throws -> [String] {
        var builder = PostgresQueryBuilder()
        let organization = builder.bind(organizationID)
        builder.add("d.organization_id = \(organization)")
        let ascending = page.order == .ascending
        if let after = page.after {
            builder.add("d.tag \(ascending ? ">" : "<") \(builder.bind(after))")
        }
        if let before = page.before {
            builder.add("d.tag \(ascending ? "<" : ">") \(builder.bind(before))")
        }
        if let nameContains {
            builder.addContains("d.tag", nameContains)
        }
        builder.add(
            "(EXISTS (SELECT 1 FROM agent_tags t WHERE t.organization_id = \(organization) AND t.tag = d.tag) "
                + "OR EXISTS (SELECT 1 FROM block_tags t WHERE t.organization_id = \(organization) AND t.tag = d.tag))")
        let limit = builder.bind(.int(page.limit.map { max(0, $0) }))
        let sql = """
            SELECT d.tag FROM organization_tags d WHERE \(builder.whereClause) \
            ORDER BY d.tag \(ascending ? "ASC" : "DESC") LIMIT \(limit)
            """
        return try read { connection in
            // Planned per execution (a generic plan cannot see the LIMIT), and without sequential scans for
            // this one statement (the setting ends with the pipeline's implicit transaction): the planner
            // otherwise checks a tag's carriers by scanning the tag table, expecting an early match, which
            // for a rare tag reads the whole table; through the (organization, tag) index each check is
            // one probe.
            try connection.run([
                PostgresStatement("SELECT set_config('enable_seqscan', $1, true)", [.text("off")]),
                PostgresStatement(sql, builder.parameters, plansPerValue: true),
            ])[1].map { $0.string(0) }
        }
    }
}
