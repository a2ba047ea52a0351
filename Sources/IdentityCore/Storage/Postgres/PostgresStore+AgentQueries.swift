extension PostgresStore {
    public func listAgents(
        _ filter: AgentFilter, sortBy: AgentSortField, page: PageRequest, cursors: CursorPolicy, organizationID: String
    ) throws -> [Agent] {
        let query = PostgresPageQuery(
            table: "agents", alias: "a", kind: .agent, select: "SELECT \(Self.agentColumns) FROM \(Self.agentFrom)",
            builder: Self.agentConditions(filter, organizationID: organizationID),
            keys: Self.agentSortKeys(sortBy, page.order))
        // Two round trips in one snapshot: the page, then the identities and blocks its agents link to.
        return try readSnapshot { transaction in
            let agents = try query.run(page: page, cursors: cursors, organizationID: organizationID) {
                try transaction.run($0)
            }
            var identityIDs: [String] = []
            var blockIDs: [String] = []
            for row in 0..<agents.rowCount {
                identityIDs += agents[row].stringArray(14)
                blockIDs += agents[row].stringArray(15)
            }
            let related = try transaction.commit(after: [
                PostgresStatement(
                    "SELECT \(Self.identityColumns) FROM identities i WHERE i.id = ANY($1::text[])",
                    [.array(Self.deduplicated(identityIDs))]),
                PostgresStatement(
                    "SELECT \(Self.blockColumns) FROM blocks b WHERE b.id = ANY($1::text[])",
                    [.array(Self.deduplicated(blockIDs))]),
            ])
            return try Self.assembleAgents(agents, identities: related[0], blocks: related[1])
        }
    }

    public func countAgents(_ filter: AgentFilter, organizationID: String) throws -> Int {
        let builder = Self.agentConditions(filter, organizationID: organizationID)
        return try read { connection in
            try connection.query("SELECT count(*) FROM agents a WHERE \(builder.whereClause)", builder.parameters)
                .first?.int(0) ?? 0
        }
    }

    /// The order of an agent list: the sort field, then id, both in the page's direction. Agents that
    /// never ran sort last in both orders: a null `last_run_completion` counts as the largest (ascending)
    /// or smallest (descending) value, exactly as the SQLite store does.
    static func agentSortKeys(_ field: AgentSortField, _ order: SortOrder) -> [PostgresSortKey] {
        let ascending = order == .ascending
        let key: (String) -> String
        switch field {
        case .createdAt:
            key = { "\($0).created_at" }
        case .updatedAt:
            key = { "\($0).updated_at" }
        case .lastRunCompletion:
            let sentinel = ascending ? "9223372036854775807" : "(-9223372036854775807 - 1)"
            key = { "coalesce(\($0).last_run_completion, \(sentinel))" }
        }
        return [
            PostgresSortKey(expression: key, ascending: ascending),
            PostgresSortKey(expression: { "\($0).id" }, ascending: ascending),
        ]
    }

    /// The filter as conditions over alias `a`, scoped to the organization.
    static func agentConditions(_ filter: AgentFilter, organizationID: String) -> PostgresQueryBuilder {
        var builder = PostgresQueryBuilder()
        let organization = builder.bind(organizationID)
        builder.add("a.organization_id = \(organization)")
        if let name = filter.name {
            builder.add("a.name = \(builder.bind(name))")
        }
        if let text = filter.queryText {
            builder.addContains("a.name", text)
        }
        for (column, value) in [
            ("project_id", filter.projectID), ("template_id", filter.templateID),
            ("base_template_id", filter.baseTemplateID), ("last_stop_reason", filter.lastStopReason),
            ("created_by_id", filter.createdByID),
        ] {
            if let value { builder.add("a.\(column) = \(builder.bind(value))") }
        }
        if !filter.includeHidden {
            builder.add("a.hidden IS NOT TRUE")
        }
        addIdentityRestriction(
            &builder, owner: "a.id", link: "identities_agents", linkOwner: "agent_id", identityID: filter.identityID,
            identifierKeys: filter.identifierKeys, organization: organization)
        if let blockID = filter.blockID {
            builder.add(
                "a.id IN (SELECT l.agent_id FROM blocks b JOIN blocks_agents l ON l.block_id = b.id "
                    + "WHERE b.id = \(builder.bind(blockID)) AND b.organization_id = \(organization))")
        }
        if !filter.tags.isEmpty {
            addTagRestriction(
                &builder, owner: "a.id", table: "agent_tags", tagOwner: "agent_id", tags: filter.tags,
                matchAll: filter.matchAllTags, organization: organization)
        }
        return builder
    }
}
