import IdentityCore

/// Loading objects with their relationships: a fixed number of statements per load, never one
/// per row. One owner is matched with `= ?`, several with a padded `IN (…)` list (chunked).
///
/// Link and tag rows are selected with their `seq` and put in link order here rather than by
/// `ORDER BY seq`: each link and tag table has an index on (owner, …) that also holds the row's
/// `seq` (its rowid), so every statement reads one index range per owner and needs no
/// temporary B-tree to sort.
extension SQLiteStore {
    // MARK: Identities

    /// Identities selected by `condition` (over alias `i`), links not yet filled.
    static func identityRows(
        where condition: String, _ bindings: [SQLiteValue], _ db: SQLiteConnection
    ) throws -> [(pk: Int64, identity: Identity)] {
        try db.query(identitySelect(where: condition), bindings, decodeIdentity)
    }

    static func identitySelect(where condition: String) -> String {
        "SELECT \(identityColumns) FROM identities i WHERE \(condition)"
    }

    /// The identities with these pks, links filled, in the order of `pks` (absent ones skipped).
    static func loadIdentities(_ pks: [Int64], _ db: SQLiteConnection) throws -> [(pk: Int64, identity: Identity)] {
        let rows = try SQLPlaceholders.chunked(pks.sqlValues) { placeholders, bindings in
            try identityRows(where: "i.pk IN (\(placeholders))", bindings, db)
        }
        return try withIdentityLinks(ordered(rows, by: pks) { $0.pk }, db)
    }

    /// The agent (0) and block (1) links of identities, ids with their link `seq`.
    static let identityLinksQuery = OwnerQuery(ownerLists: 2) { match in
        """
        SELECT l.identity_pk, 0, a.id, l.seq FROM identities_agents l JOIN agents a ON a.pk = l.agent_pk
        WHERE l.identity_pk \(match)
        UNION ALL
        SELECT l.identity_pk, 1, b.id, l.seq FROM identities_blocks l JOIN blocks b ON b.pk = l.block_pk
        WHERE l.identity_pk \(match)
        """
    }

    /// Fills `agentIDs` and `blockIDs` of each identity, in link order.
    static func withIdentityLinks(
        _ rows: [(pk: Int64, identity: Identity)], _ db: SQLiteConnection
    ) throws -> [(pk: Int64, identity: Identity)] {
        var agentLinks: [LinkRow<String>] = []
        var blockLinks: [LinkRow<String>] = []
        _ = try identityLinksQuery.run(rows.map(\.pk), db) { row in
            let link = LinkRow(owner: row.int(0), seq: row.int(3), value: row.string(2))
            if row.bool(1) { blockLinks.append(link) } else { agentLinks.append(link) }
        }
        guard !agentLinks.isEmpty || !blockLinks.isEmpty else { return rows }
        let agentIDs = grouped(agentLinks)
        let blockIDs = grouped(blockLinks)
        return rows.map { row in
            var identity = row.identity
            identity.agentIDs = agentIDs[row.pk] ?? []
            identity.blockIDs = blockIDs[row.pk] ?? []
            return (row.pk, identity)
        }
    }

    // MARK: Blocks

    /// Blocks selected by `condition` (over alias `b`), tags not yet filled.
    static func blockRows(
        where condition: String, _ bindings: [SQLiteValue], _ db: SQLiteConnection
    ) throws -> [(pk: Int64, block: Block)] {
        try db.query("SELECT \(blockColumns) FROM blocks b WHERE \(condition)", bindings, decodeBlock)
    }

    /// The blocks with these pks, tags filled, in the order of `pks` (absent ones skipped).
    static func loadBlocks(_ pks: [Int64], _ db: SQLiteConnection) throws -> [(pk: Int64, block: Block)] {
        let rows = try SQLPlaceholders.chunked(pks.sqlValues) { placeholders, bindings in
            try blockRows(where: "b.pk IN (\(placeholders))", bindings, db)
        }
        return try withBlockTags(ordered(rows, by: pks) { $0.pk }, db)
    }

    /// Fills `tags` of each block, in the order they were added.
    static func withBlockTags(_ rows: [(pk: Int64, block: Block)], _ db: SQLiteConnection) throws -> [(
        pk: Int64, block: Block
    )] {
        guard !rows.isEmpty else { return rows }
        let tags = try ownerTags(.blocks, owners: deduplicated(rows.map(\.pk)), db)
        guard !tags.isEmpty else { return rows }
        return rows.map { row in
            var block = row.block
            block.tags = tags[row.pk] ?? []
            return (row.pk, block)
        }
    }

    static let agentTagsQuery = OwnerQuery { "SELECT agent_pk, seq, tag FROM agent_tags WHERE agent_pk \($0)" }
    static let blockTagsQuery = OwnerQuery { "SELECT block_pk, seq, tag FROM block_tags WHERE block_pk \($0)" }

    /// Tags of many owners, each list in the order the tags were added.
    static func ownerTags(_ table: TagTable, owners: [Int64], _ db: SQLiteConnection) throws -> [Int64: [String]] {
        let query = table.table == TagTable.agents.table ? agentTagsQuery : blockTagsQuery
        return grouped(
            try query.run(owners, db) { LinkRow(owner: $0.int(0), seq: $0.int(1), value: $0.string(2)) })
    }

    // MARK: Agents

    /// The agents with these pks, every relationship filled, in the order of `pks` (absent ones skipped).
    static func loadAgents(_ pks: [Int64], _ db: SQLiteConnection) throws -> [Agent] {
        let rows = try agentRowsQuery.run(pks, db, decodeAgent)
        return try withAgentRelationships(ordered(rows, by: pks) { $0.pk }, db)
    }

    static let agentRowsQuery = OwnerQuery {
        "SELECT \(agentColumns) FROM agents a JOIN agent_documents d ON d.agent_pk = a.pk WHERE a.pk \($0)"
    }

    /// The linked identities of agents (no link lists of their own), with the link's owner and seq.
    static let agentIdentitiesQuery = OwnerQuery {
        """
        SELECT \(identityColumns), l.agent_pk, l.seq FROM identities_agents l JOIN identities i ON i.pk = l.identity_pk
        WHERE l.agent_pk \($0)
        """
    }

    /// The attached blocks of agents, with the link's owner and seq.
    static let agentBlocksQuery = OwnerQuery {
        "SELECT \(blockColumns), l.agent_pk, l.seq FROM blocks_agents l JOIN blocks b ON b.pk = l.block_pk WHERE l.agent_pk \($0)"
    }

    /// The tags of the blocks attached to agents, reached through the agents' links (no list of
    /// block pks to bind); a block attached to several of the agents comes back once per agent.
    static let agentBlockTagsQuery = OwnerQuery {
        """
        SELECT t.block_pk, t.seq, t.tag FROM blocks_agents l JOIN block_tags t ON t.block_pk = l.block_pk
        WHERE l.agent_pk \($0)
        """
    }

    /// Tags of the blocks attached to `agents`, by block, each list in the order the tags were added.
    static func agentBlockTags(_ agents: [Int64], _ db: SQLiteConnection) throws -> [Int64: [String]] {
        var seen = Set<Int64>()
        let rows = try agentBlockTagsQuery.run(agents, db) { row in
            LinkRow(owner: row.int(0), seq: row.int(1), value: row.string(2))
        }
        return grouped(agents.count == 1 ? rows : rows.filter { seen.insert($0.seq).inserted })
    }

    /// Fills tags, identity ids and identities, block ids and blocks (with their tags) of each agent.
    ///
    /// Identities nested in an agent keep empty `agentIDs`/`blockIDs`: responses render them that
    /// way (see `Agent.write(to:)`), so their link lists are not read.
    static func withAgentRelationships(_ rows: [(pk: Int64, agent: Agent)], _ db: SQLiteConnection) throws -> [Agent] {
        guard !rows.isEmpty else { return [] }
        let owners = rows.map(\.pk)
        let tags = try ownerTags(.agents, owners: owners, db)
        let identities = grouped(
            try agentIdentitiesQuery.run(owners, db) { row in
                LinkRow(owner: row.int(9), seq: row.int(10), value: try decodeIdentity(row).identity)
            })
        let blockRows = try agentBlocksQuery.run(owners, db) { row in
            let block = try decodeBlock(row)
            return LinkRow(owner: row.int(21), seq: row.int(22), value: block)
        }
        let blockTags = blockRows.isEmpty ? [:] : try agentBlockTags(owners, db)
        let blocks = grouped(
            blockRows.map { link in
                var block = link.value.block
                block.tags = blockTags[link.value.pk] ?? []
                return LinkRow(owner: link.owner, seq: link.seq, value: block)
            })
        return rows.map { row in
            var agent = row.agent
            agent.tags = tags[row.pk] ?? []
            agent.identities = identities[row.pk] ?? []
            agent.identityIDs = agent.identities.map(\.id)
            agent.blocks = blocks[row.pk] ?? []
            agent.blockIDs = agent.blocks.map(\.id)
            return agent
        }
    }

    // MARK: Helpers

    /// `rows` rearranged into the order of `pks`; pks without a row are skipped.
    static func ordered<T>(_ rows: [T], by pks: [Int64], _ pk: (T) -> Int64) -> [T] {
        guard rows.count > 1 else { return rows }
        var byPK: [Int64: T] = [:]
        byPK.reserveCapacity(rows.count)
        for row in rows { byPK[pk(row)] = row }
        return pks.compactMap { byPK[$0] }
    }

    /// The values of link rows by owner, each list in `seq` (link) order.
    static func grouped<T>(_ links: [LinkRow<T>]) -> [Int64: [T]] {
        guard !links.isEmpty else { return [:] }
        var sorted = links
        sorted.sort { $0.seq < $1.seq }
        var groups: [Int64: [T]] = [:]
        for link in sorted { groups[link.owner, default: []].append(link.value) }
        return groups
    }
}

/// A row of a link or tag table: the owner's pk, the link's `seq` and what it links to.
struct LinkRow<Value> {
    let owner: Int64
    let seq: Int64
    let value: Value
}

/// A statement over the rows of some owners, with its owner condition left open: `= ?` for one
/// owner (the SQL built once) and, run once per owner, for a few; a padded `IN (…)` list for
/// more. `ownerLists` is how many times the condition appears (each gets the owners bound).
struct OwnerQuery: Sendable {
    let single: String
    let ownerLists: Int
    let template: @Sendable (String) -> String

    /// Up to this many owners, one `= ?` statement per owner beats the `IN (…)` list: SQLite
    /// builds an ephemeral table for each list (≈ 40k instructions), more than a few reruns of a
    /// cached one-owner statement cost.
    static let perOwnerLimit = 4

    init(ownerLists: Int = 1, _ template: @escaping @Sendable (_ match: String) -> String) {
        self.single = template("= ?")
        self.ownerLists = ownerLists
        self.template = template
    }

    /// Every row for these owners (none when `owners` is empty), mapped by `row`.
    func run<T>(_ owners: [Int64], _ db: SQLiteConnection, _ row: (SQLiteRow) throws -> T) throws -> [T] {
        switch owners.count {
        case 0:
            return []
        case 1:
            return try db.query(single, Array(repeating: .integer(owners[0]), count: ownerLists), row)
        case 2...Self.perOwnerLimit:
            var rows: [T] = []
            for owner in SQLiteStore.deduplicated(owners) {
                rows += try db.query(single, Array(repeating: .integer(owner), count: ownerLists), row)
            }
            return rows
        default:
            return try SQLPlaceholders.chunked(owners.sqlValues) { placeholders, bindings in
                var all = bindings
                for _ in 1..<ownerLists { all += bindings }
                return try db.query(template("IN (\(placeholders))"), all, row)
            }
        }
    }
}
