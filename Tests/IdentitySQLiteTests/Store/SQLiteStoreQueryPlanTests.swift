import Testing

@testable import IdentityCore
@testable import IdentitySQLite
import IdentityTestSupport

/// The hot statements use indexes: their `EXPLAIN QUERY PLAN` never scans a whole table.
@Suite("SQLiteStore query plans")
struct SQLiteStoreQueryPlanTests {
    typealias F = StoreFixture
    let org = StoreFixture.org

    /// 200 agents tagged `common` (and a few `rare`), each linked to its own identity.
    func seeded() throws -> SQLiteStore {
        let store = try F.store()
        for index in 0..<200 {
            let identity = try store.createIdentity(F.identity("user_\(index)", at: Int64(index)))
            let tags = index.isMultiple(of: 50) ? ["common", "rare"] : ["common"]
            _ = try store.createAgent(
                F.agent("agent \(index)", at: Int64(index), tags: tags, identities: [identity.id]), newBlocks: [])
        }
        return store
    }

    /// The plan's detail lines for `sql`.
    func plan(_ store: SQLiteStore, _ statement: (sql: String, bindings: [SQLiteValue])) throws -> [String] {
        try store.database.read { db in
            try db.query("EXPLAIN QUERY PLAN " + statement.sql, statement.bindings) { $0.string(3) }
        }
    }

    func agentPage(_ store: SQLiteStore, _ filter: AgentFilter, limit: Int = 50) throws -> (
        sql: String, bindings: [SQLiteValue]
    ) {
        try store.database.read { db in
            let (conditions, restrictions) = try SQLiteStore.agentConditions(filter, organizationID: org, db)
            let query = ListQuery(table: "agents", alias: "a", kind: .agent, organizationID: org)
            return try #require(
                try query.pageStatement(
                    conditions: conditions, sort: .createdAt, page: F.page(.descending, limit: limit),
                    cursors: .lenient,
                    restrictions: restrictions, db))
        }
    }

    func agentCount(_ store: SQLiteStore, _ filter: AgentFilter) throws -> (sql: String, bindings: [SQLiteValue]) {
        try store.database.read { db in
            let (conditions, restrictions) = try SQLiteStore.agentConditions(filter, organizationID: org, db)
            let query = ListQuery(table: "agents", alias: "a", kind: .agent, organizationID: org)
            return try #require(try query.countStatement(conditions: conditions, restrictions: restrictions, db))
        }
    }

    func expectNoTableScan(_ lines: [String], sourceLocation: SourceLocation = #_sourceLocation) {
        for line in lines {
            let isFullScan = line.hasPrefix("SCAN ") && !line.contains("USING") && !line.hasPrefix("SCAN CONSTANT")
            #expect(!isFullScan, "full scan: \(line) in \(lines)", sourceLocation: sourceLocation)
        }
    }

    @Test func agentsByIdentifierKeys_LookUpTheKeyIndexThenAgentsByPK() throws {
        let store = try seeded()
        let lines = try plan(store, agentPage(store, AgentFilter(identifierKeys: ["user_7"])))
        expectNoTableScan(lines)
        #expect(lines.contains { $0.contains("SEARCH a USING INTEGER PRIMARY KEY (rowid=?)") }, "\(lines)")
        #expect(
            lines.contains { $0.contains("identities_identifier_key_unique (organization_id=? AND identifier_key=?)") },
            "\(lines)")
        let count = try plan(store, agentCount(store, AgentFilter(identifierKeys: ["user_7", "user_8"])))
        expectNoTableScan(count)
    }

    @Test func agentsByIdentifierKeysAndTag_ProbeTheTagPerCandidate() throws {
        let store = try seeded()
        let statement = try agentPage(store, AgentFilter(tags: ["common"], identifierKeys: ["user_7"]))
        #expect(statement.sql.contains("EXISTS (SELECT 1 FROM agent_tags t WHERE t.agent_pk = a.pk"), "\(statement.sql)")
        let lines = try plan(store, statement)
        expectNoTableScan(lines)
        #expect(lines.contains { $0.contains("SEARCH a USING INTEGER PRIMARY KEY (rowid=?)") }, "\(lines)")
        #expect(!lines.contains { $0.contains("agent_tags_by_tag") }, "\(lines)")
    }

    @Test func agentsByRareTag_DriveFromTheTagIndex() throws {
        let store = try seeded()
        let lines = try plan(store, agentPage(store, AgentFilter(tags: ["rare"]), limit: 2))
        expectNoTableScan(lines)
        #expect(lines.contains { $0.contains("SEARCH a USING INTEGER PRIMARY KEY (rowid=?)") }, "\(lines)")
        #expect(lines.contains { $0.contains("agent_tags_by_tag (organization_id=? AND tag=?)") }, "\(lines)")
        expectNoTableScan(try plan(store, agentCount(store, AgentFilter(tags: ["common"]))))
    }

    @Test func agentsByCommonTag_ScanTheCreationIndexInOrder() throws {
        let store = try seeded()
        let lines = try plan(store, agentPage(store, AgentFilter(tags: ["common"]), limit: 10))
        expectNoTableScan(lines)
        #expect(
            lines.first == "SEARCH a USING COVERING INDEX agents_by_organization_created (organization_id=?)",
            "\(lines)")
        #expect(!lines.contains { $0.contains("TEMP B-TREE FOR ORDER BY") }, "\(lines)")
    }

    /// On `StoreFixture.commonAndRareTaggedAgents` (whose pages `StoreAgentPaginationTests` checks on
    /// every backend): the tag on most agents scans the creation index, probing each row's tag; the tag
    /// on a few drives from those agents.
    @Test func agentsByCommonOrRareTag_ScanOrDrive_ByHowManyCarryTheTag() throws {
        let store = try F.store()
        _ = try F.commonAndRareTaggedAgents(store)
        let plans = try ["common", "rare"].map { tag in try agentPage(store, AgentFilter(tags: [tag]), limit: 10).sql }
        #expect(
            plans[0].contains("CROSS JOIN agent_tags t ON t.agent_pk = a.pk AND t.tag = ?")
                && !plans[0].contains("a.pk IN") && !plans[0].contains("+a.organization_id"),
            "common tag scans, looking up each row's tag")
        #expect(plans[1].contains(" a.pk IN") && plans[1].contains("+a.organization_id"), "rare tag drives")
    }

    /// No ephemeral index over every `common` agent: each scanned row probes its own tags.
    @Test(arguments: [SortOrder.ascending, .descending])
    func agentsByCommonTag_ProbeEachScannedRow_WithoutBuildingTheTagSet(order: SortOrder) throws {
        let store = try seeded()
        for filter in [
            AgentFilter(tags: ["common"]), AgentFilter(tags: ["common", "rare"]),
            AgentFilter(tags: ["common", "common"], matchAllTags: true), AgentFilter(name: "agent 7", tags: ["common"]),
        ] {
            let statement = try store.database.read { db in
                let (conditions, restrictions) = try SQLiteStore.agentConditions(filter, organizationID: org, db)
                return try #require(
                    try ListQuery(table: "agents", alias: "a", kind: .agent, organizationID: org).pageStatement(
                        conditions: conditions, sort: .createdAt, page: F.page(order, limit: 10, after: "agent-x"),
                        cursors: .lenient, restrictions: restrictions, db))
            }
            let lines = try plan(store, statement)
            expectNoTableScan(lines)
            #expect(!lines.contains { $0.contains("LIST SUBQUERY") }, "\(filter.tags): \(lines)")
            #expect(!lines.contains { $0.contains("agent_tags_by_tag") }, "\(filter.tags): \(lines)")
            #expect(
                lines.contains { $0.contains("SEARCH t USING COVERING INDEX sqlite_autoindex_agent_tags_1 (agent_pk=?") },
                "\(filter.tags): \(lines)")
        }
    }

    /// Every tag of a rare one: the rare tag's entries drive, each probing the agent's other tags.
    @Test func agentsByAllTags_DriveFromTheRarestTag() throws {
        let store = try seeded()
        for tags in [["common", "rare"], ["rare", "common"]] {
            let lines = try plan(store, agentPage(store, AgentFilter(tags: tags, matchAllTags: true)))
            expectNoTableScan(lines)
            #expect(lines.contains { $0.contains("SEARCH a USING INTEGER PRIMARY KEY (rowid=?)") }, "\(lines)")
            #expect(
                lines.contains { $0.contains("SEARCH t USING COVERING INDEX agent_tags_by_tag (organization_id=? AND tag=?)") },
                "\(lines)")
            #expect(!lines.contains { $0.contains("GROUP BY") }, "\(lines)")
            let statement = try agentPage(store, AgentFilter(tags: tags, matchAllTags: true))
            let boundTags = statement.bindings.filter { $0 == .text("rare") || $0 == .text("common") }
            #expect(boundTags == [.text("rare"), .text("common")], "the rare tag drives: \(statement.bindings)")
        }
    }

    /// One tag: the tag directory's counter. Several: tag index entries only (they copy `hidden`).
    @Test func agentCountByTagsOnly_NeverVisitsAnAgentRow() throws {
        let store = try seeded()
        for filter in [
            AgentFilter(tags: ["common"]), AgentFilter(tags: ["common"], includeHidden: true),
            AgentFilter(tags: ["common", "rare"]), AgentFilter(tags: ["common", "rare"], includeHidden: true),
            AgentFilter(tags: ["common", "rare"], matchAllTags: true),
        ] {
            let statement = try store.database.read { db in
                try #require(
                    try SQLiteStore.tagCountStatement(
                        tags: filter.tags, matchAll: filter.matchAllTags, includeHidden: filter.includeHidden,
                        organizationID: org, db))
            }
            let lines = try plan(store, statement)
            #expect(!lines.contains { $0.contains("agents") && !$0.contains("agent_tags") }, "\(lines)")
            #expect(!lines.contains { $0.contains(" a ") || $0.hasSuffix(" a") }, "\(lines)")
            if filter.tags.count == 1 {
                #expect(lines == ["SEARCH organization_tags USING PRIMARY KEY (organization_id=? AND tag=?)"], "\(lines)")
            } else {
                #expect(
                    lines.allSatisfy { !$0.hasPrefix("SEARCH") || $0.contains("USING COVERING INDEX") }, "\(lines)")
                #expect(lines.contains { $0.contains("agent_tags_by_tag (organization_id=? AND tag=?)") }, "\(lines)")
            }
        }
    }

    @Test func identityByIDAndIdentityPages_UseIndexes() throws {
        let store = try seeded()
        let byID = try plan(
            store, (SQLiteStore.identitySelect(where: "i.id = ? AND i.organization_id = ?"), ["x", .text(org)]))
        #expect(byID.contains { $0.contains("USING INDEX sqlite_autoindex_identities_1 (id=?)") }, "\(byID)")
        let page = try store.database.read { db in
            try #require(
                try ListQuery(table: "identities", alias: "i", kind: .identity, organizationID: org).pageStatement(
                    conditions: SQLConditions(), sort: .createdAt, page: F.page(.descending, limit: 50),
                    cursors: .strict,
                    restrictions: [], db))
        }
        let lines = try plan(store, page)
        #expect(
            lines == ["SEARCH i USING COVERING INDEX identities_by_organization_created (organization_id=?)"],
            "\(lines)")
    }

    @Test func identitiesByKey_UseTheKeyIndex_NotACreationScan() throws {
        let store = try seeded()
        var conditions = SQLConditions()
        conditions.append("i.identifier_key = ?", ["user_3"])
        let page = try store.database.read { db in
            try #require(
                try ListQuery(table: "identities", alias: "i", kind: .identity, organizationID: org).pageStatement(
                    conditions: conditions, sort: .createdAt, page: F.page(.descending, limit: 50), cursors: .strict,
                    restrictions: [], db))
        }
        let lines = try plan(store, page)
        #expect(
            lines.first?.contains("identities_identifier_key_unique (organization_id=? AND identifier_key=?)") == true,
            "\(lines)")
    }

    @Test(arguments: [SortOrder.ascending, .descending])
    func agentsByLastRun_ReadTheMatchingExpressionIndex(order: SortOrder) throws {
        let store = try seeded()
        let page = try store.database.read { db in
            try #require(
                try ListQuery(table: "agents", alias: "a", kind: .agent, organizationID: org).pageStatement(
                    conditions: SQLConditions(), sort: SQLiteStore.sortKey(.lastRunCompletion),
                    page: F.page(order, limit: 50), cursors: .strict, restrictions: [], db))
        }
        let lines = try plan(store, page)
        let index = order == .ascending ? "last_run_ascending" : "last_run_descending"
        #expect(lines.first?.contains("agents_by_organization_\(index)") == true, "\(lines)")
        #expect(!lines.contains { $0.contains("TEMP B-TREE") }, "\(lines)")
    }

    @Test func tagsPage_ReadsTheTagDirectory() throws {
        let store = try seeded()
        let statement = try #require(
            SQLiteStore.tagPageStatement(
                nameContains: nil, page: F.page(.ascending, limit: 50, after: "m"), organizationID: org))
        let lines = try plan(store, statement)
        #expect(lines == ["SEARCH organization_tags USING PRIMARY KEY (organization_id=? AND tag>?)"], "\(lines)")
    }
}
