import IdentityCore

extension PostgresStore {
    public func listAgents(
        _ filter: AgentFilter, sortBy: AgentSortField, page: PageRequest, cursors: CursorPolicy, organizationID: String
    ) throws -> [Agent] {
        let query = Self.agentPageQuery(
            columns: Self.agentBaseColumns, from: Self.agentFrom, filter, sortBy: sortBy, order: page.order,
            organizationID: organizationID)
        // Two round trips in one snapshot: the page, then its agents' links and the identities and blocks
        // they link to (statements keyed by agent ids, cheap to plan).
        return try readSnapshot { transaction in
            let page = try query.run(page: page, cursors: cursors, organizationID: organizationID) {
                try transaction.run($0)
            }
            var agents = try page.map { try Self.decodeAgent($0, withLinks: false) }
            guard !agents.isEmpty else { return [] }
            let ids: PostgresValue = .array(agents.map(\.id))
            let related = try transaction.commit(after: [
                PostgresStatement(
                    "SELECT u.id, \(Self.agentLinkColumns("u.id")) FROM unnest($1::text[]) AS u(id)", [ids]),
                PostgresStatement(
                    "SELECT \(Self.nestedIdentityColumns) FROM identities i WHERE i.id IN "
                        + "(SELECT l.identity_id FROM identities_agents l WHERE l.agent_id = ANY($1::text[]))",
                    [ids]),
                PostgresStatement(
                    "SELECT \(Self.blockColumns) FROM blocks b WHERE b.id IN "
                        + "(SELECT l.block_id FROM blocks_agents l WHERE l.agent_id = ANY($1::text[]))",
                    [ids]),
            ])
            var links: [String: (tags: [String], identityIDs: [String], blockIDs: [String])] = [:]
            for row in 0..<related[0].rowCount {
                let link = related[0][row]
                links[link.string(0)] = (link.stringArray(1), link.stringArray(2), link.stringArray(3))
            }
            for index in agents.indices {
                guard let link = links[agents[index].id] else { continue }
                agents[index].tags = link.tags
                agents[index].identityIDs = link.identityIDs
                agents[index].blockIDs = link.blockIDs
            }
            return try Self.assembleAgents(agents, identities: related[1], blocks: related[2])
        }
    }

    public func countAgents(_ filter: AgentFilter, organizationID: String) throws -> Int {
        let builder = Self.agentConditions(filter, organizationID: organizationID)
        return try read { connection in
            try connection.query(
                "SELECT count(*) FROM agents a WHERE \(builder.whereClause)", builder.parameters,
                plansPerValue: builder.plansPerValue)
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
            builder.drivenByKeys = true
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
