/// Loading objects with their relationships: one `IN (…)` query per relationship for a whole
/// page (chunked), never one query per row.
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

    /// Fills `agentIDs` and `blockIDs` of each identity, in link order.
    static func withIdentityLinks(
        _ rows: [(pk: Int64, identity: Identity)], _ db: SQLiteConnection
    ) throws -> [(pk: Int64, identity: Identity)] {
        guard !rows.isEmpty else { return rows }
        let links = try SQLPlaceholders.chunked(rows.map(\.pk).sqlValues) { placeholders, bindings in
            try db.query(
                """
                SELECT l.identity_pk, 0, a.id, l.seq FROM identities_agents l JOIN agents a ON a.pk = l.agent_pk
                WHERE l.identity_pk IN (\(placeholders))
                UNION ALL
                SELECT l.identity_pk, 1, b.id, l.seq FROM identities_blocks l JOIN blocks b ON b.pk = l.block_pk
                WHERE l.identity_pk IN (\(placeholders))
                ORDER BY 4
                """, bindings + bindings
            ) { (owner: $0.int(0) as Int64, isBlock: $0.bool(1), id: $0.string(2)) }
        }
        guard !links.isEmpty else { return rows }
        var agentIDs: [Int64: [String]] = [:]
        var blockIDs: [Int64: [String]] = [:]
        for link in links {
            if link.isBlock {
                blockIDs[link.owner, default: []].append(link.id)
            } else {
                agentIDs[link.owner, default: []].append(link.id)
            }
        }
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
        let tags = try ownerTags(.blocks, owners: rows.map(\.pk), db)
        guard !tags.isEmpty else { return rows }
        return rows.map { row in
            var block = row.block
            block.tags = tags[row.pk] ?? []
            return (row.pk, block)
        }
    }

    /// Tags of many owners, each list in the order the tags were added.
    static func ownerTags(_ table: TagTable, owners: [Int64], _ db: SQLiteConnection) throws -> [Int64: [String]] {
        let rows = try SQLPlaceholders.chunked(owners.sqlValues) { placeholders, bindings in
            try db.query(
                "SELECT \(table.ownerColumn), tag FROM \(table.table) WHERE \(table.ownerColumn) IN (\(placeholders)) ORDER BY seq",
                bindings
            ) { (owner: $0.int(0) as Int64, tag: $0.string(1)) }
        }
        var tags: [Int64: [String]] = [:]
        for row in rows { tags[row.owner, default: []].append(row.tag) }
        return tags
    }

    // MARK: Agents

    /// The agents with these pks, every relationship filled, in the order of `pks` (absent ones skipped).
    static func loadAgents(_ pks: [Int64], _ db: SQLiteConnection) throws -> [Agent] {
        let rows = try SQLPlaceholders.chunked(pks.sqlValues) { placeholders, bindings in
            try db.query(
                "SELECT \(agentColumns) FROM agents a JOIN agent_documents d ON d.agent_pk = a.pk WHERE a.pk IN (\(placeholders))",
                bindings, decodeAgent)
        }
        return try withAgentRelationships(ordered(rows, by: pks) { $0.pk }, db)
    }

    /// Fills tags, identity ids and identities, block ids and blocks (with their tags) of each agent.
    static func withAgentRelationships(_ rows: [(pk: Int64, agent: Agent)], _ db: SQLiteConnection) throws -> [Agent] {
        guard !rows.isEmpty else { return [] }
        let owners = rows.map(\.pk)
        let tags = try ownerTags(.agents, owners: owners, db)
        let links = try SQLPlaceholders.chunked(owners.sqlValues) { placeholders, bindings in
            try db.query(
                """
                SELECT agent_pk, 0, identity_pk, seq FROM identities_agents WHERE agent_pk IN (\(placeholders))
                UNION ALL
                SELECT agent_pk, 1, block_pk, seq FROM blocks_agents WHERE agent_pk IN (\(placeholders))
                ORDER BY 4
                """, bindings + bindings
            ) { (owner: $0.int(0) as Int64, isBlock: $0.bool(1), target: $0.int(2) as Int64) }
        }
        var identityLinks: [Int64: [Int64]] = [:]
        var blockLinks: [Int64: [Int64]] = [:]
        for link in links {
            if link.isBlock {
                blockLinks[link.owner, default: []].append(link.target)
            } else {
                identityLinks[link.owner, default: []].append(link.target)
            }
        }
        var identities: [Int64: Identity] = [:]
        for row in try loadIdentities(deduplicated(links.filter { !$0.isBlock }.map(\.target)), db) {
            identities[row.pk] = row.identity
        }
        var blocks: [Int64: Block] = [:]
        for row in try loadBlocks(deduplicated(links.filter(\.isBlock).map(\.target)), db) {
            blocks[row.pk] = row.block
        }
        return rows.map { row in
            var agent = row.agent
            agent.tags = tags[row.pk] ?? []
            agent.identities = (identityLinks[row.pk] ?? []).compactMap { identities[$0] }
            agent.identityIDs = agent.identities.map(\.id)
            agent.blocks = (blockLinks[row.pk] ?? []).compactMap { blocks[$0] }
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
}
