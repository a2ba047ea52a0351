import IdentityCore

extension SQLiteStore {
    public func listAgents(
        _ filter: AgentFilter, sortBy: AgentSortField, page: PageRequest, cursors: CursorPolicy, organizationID: String
    ) throws -> [Agent] {
        try read { db in
            let pks = try Self.agentPageRows(
                columns: "a.pk", filter, sortBy: sortBy, page: page, cursors: cursors, organizationID: organizationID, db
            ) { $0.int(0) as Int64 }
            return try Self.loadAgents(pks, db)
        }
    }

    /// The page's (pk, id, revision) and the refused agents' full load, in one read transaction:
    /// each loaded agent is exactly the revision the page names.
    public func listRevisedAgents(
        _ filter: AgentFilter, sortBy: AgentSortField, page: PageRequest, cursors: CursorPolicy, organizationID: String,
        isCurrent: (_ id: String, _ revision: Int64) -> Bool
    ) throws -> [RevisedAgent] {
        try read { db in
            let rows = try Self.agentPageRows(
                columns: "a.pk, a.id, a.revision", filter, sortBy: sortBy, page: page, cursors: cursors,
                organizationID: organizationID, db
            ) { (pk: $0.int(0) as Int64, id: $0.string(1), revision: $0.int(2) as Int64) }
            return try Self.revisedAgents(rows, isCurrent: isCurrent, db)
        }
    }

    /// The page's rows (`agentPageStatement` with `columns`), each mapped by `row`; none when the page
    /// is known to be empty.
    static func agentPageRows<Row>(
        columns: String, _ filter: AgentFilter, sortBy: AgentSortField, page: PageRequest, cursors: CursorPolicy,
        organizationID: String, _ db: SQLiteConnection, _ row: (SQLiteRow) throws -> Row
    ) throws -> [Row] {
        guard
            let statement = try agentPageStatement(
                columns: columns, filter, sortBy: sortBy, page: page, cursors: cursors, organizationID: organizationID,
                db)
        else { return [] }
        return try db.query(statement.sql, statement.bindings, row)
    }

    public func commitStamp() -> CommitStamp? {
        database.commitStamp()
    }

    public func revisedAgent(
        id: String, organizationID: String, isCurrent: (_ id: String, _ revision: Int64) -> Bool
    ) throws -> RevisedAgent? {
        try read { db in
            let rows = try db.query(
                "SELECT pk, id, revision FROM agents WHERE id = ? AND organization_id = ?",
                [.text(id), .text(organizationID)]
            ) { (pk: $0.int(0) as Int64, id: $0.string(1), revision: $0.int(2) as Int64) }
            return try Self.revisedAgents(rows, isCurrent: isCurrent, db).first
        }
    }

    /// The rows as `RevisedAgent`s, loading those `isCurrent` refuses (in the caller's snapshot).
    static func revisedAgents(
        _ rows: [(pk: Int64, id: String, revision: Int64)], isCurrent: (String, Int64) -> Bool, _ db: SQLiteConnection
    ) throws -> [RevisedAgent] {
        try RevisedAgent.entries(rows, idAndRevision: { ($0.id, $0.revision) }, isCurrent: isCurrent) {
            try loadAgents($0.map(\.pk), db)
        }
    }

    public func countAgents(_ filter: AgentFilter, organizationID: String) throws -> Int {
        try read { db in
            if Self.isTagsOnly(filter) {
                guard
                    let statement = try Self.tagCountStatement(
                        tags: filter.tags, matchAll: filter.matchAllTags, includeHidden: filter.includeHidden,
                        organizationID: organizationID, db)
                else { return 0 }
                return Int(try db.scalarInt(statement.sql, statement.bindings) ?? 0)
            }
            let query = ListQuery(table: "agents", alias: "a", kind: .agent, organizationID: organizationID)
            let (conditions, restrictions) = try Self.agentConditions(filter, organizationID: organizationID, db)
            return try query.count(conditions: conditions, restrictions: restrictions, db)
        }
    }

    static func sortKey(_ field: AgentSortField) -> SortKey {
        switch field {
        case .createdAt: .createdAt
        case .updatedAt: .column("updated_at", indexed: true)
        case .lastRunCompletion: .nullsLast("last_run_completion", indexed: true)
        }
    }

    /// The filter as column conditions (over alias `a`) and link restrictions (sets of agent pks).
    static func agentConditions(
        _ filter: AgentFilter, organizationID: String, _ db: SQLiteConnection
    ) throws -> (SQLConditions, [Restriction]) {
        var conditions = SQLConditions()
        if let name = filter.name {
            conditions.append("a.name = ?", [.text(name)])
        }
        if let text = filter.queryText {
            conditions.appendContains("a.name", text)
        }
        for (column, value) in [
            ("project_id", filter.projectID), ("template_id", filter.templateID),
            ("base_template_id", filter.baseTemplateID), ("last_stop_reason", filter.lastStopReason),
            ("created_by_id", filter.createdByID),
        ] {
            if let value { conditions.append("a.\(column) = ?", [.text(value)]) }
        }
        if !filter.includeHidden {
            conditions.append("a.hidden IS NOT 1")
        }
        var restrictions: [Restriction] = []
        if let identity = identityRestriction(
            link: "identities_agents", owner: "agent_pk", identityID: filter.identityID,
            identifierKeys: filter.identifierKeys, organizationID: organizationID)
        {
            restrictions.append(identity)
        }
        if let blockID = filter.blockID {
            restrictions.append(
                Restriction(
                    sql: """
                        SELECT l.agent_pk FROM blocks b JOIN blocks_agents l ON l.block_pk = b.pk
                        WHERE b.id = ? AND b.organization_id = ?
                        """, bindings: [.text(blockID), .text(organizationID)], estimatedRows: nil))
        }
        if !filter.tags.isEmpty {
            restrictions.append(
                try ListQuery.tagRestriction(
                    .agents, owner: "a.pk", tags: filter.tags, matchAll: filter.matchAllTags,
                    organizationID: organizationID, db))
        }
        return (conditions, restrictions)
    }

    /// Owners linked to one identity that has `identityID` (if given) and one of `identifierKeys`
    /// (if any): both conditions apply to the same linked identity (docs/reference/letta-api.md §8.9).
    static func identityRestriction(
        link: String, owner: String, identityID: String?, identifierKeys: [String], organizationID: String
    ) -> Restriction? {
        guard identityID != nil || !identifierKeys.isEmpty else { return nil }
        var conditions = SQLConditions()
        conditions.append("i.organization_id = ?", [.text(organizationID)])
        if let identityID {
            conditions.append("i.id = ?", [.text(identityID)])
        }
        if !identifierKeys.isEmpty {
            conditions.appendIn("i.identifier_key", deduplicated(identifierKeys).sqlValues)
        }
        return Restriction(
            sql: "SELECT l.\(owner) FROM identities i JOIN \(link) l ON l.identity_pk = i.pk WHERE \(conditions.sql)",
            bindings: conditions.bindings, estimatedRows: nil)
    }
}
