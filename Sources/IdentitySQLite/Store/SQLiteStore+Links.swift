import IdentityCore

/// One link table seen from the side that owns the link set being written.
struct LinkSide: Sendable {
    let table: String
    let ownerColumn: String
    let targetColumn: String
    let targetTable: String
    let targetKind: ObjectKind

    static let identityAgents = LinkSide(
        table: "identities_agents", ownerColumn: "identity_pk", targetColumn: "agent_pk", targetTable: "agents",
        targetKind: .agent)
    static let identityBlocks = LinkSide(
        table: "identities_blocks", ownerColumn: "identity_pk", targetColumn: "block_pk", targetTable: "blocks",
        targetKind: .block)
    static let agentIdentities = LinkSide(
        table: "identities_agents", ownerColumn: "agent_pk", targetColumn: "identity_pk", targetTable: "identities",
        targetKind: .identity)
    /// Agent → blocks; inserting also copies the block's label (unique per agent).
    static let agentBlocks = LinkSide(
        table: "blocks_agents", ownerColumn: "agent_pk", targetColumn: "block_pk", targetTable: "blocks",
        targetKind: .block)
}

/// How one owner's link set changes: computed (and its new targets validated) before any write.
struct LinkChange {
    let side: LinkSide
    var removed: [Int64] = []
    var added: [(pk: Int64, id: String)] = []
    /// The ids linked afterwards in link order: kept links first, in their old order, then the new ones.
    var resultingIDs: [String] = []
}

/// The tag table of agents or of blocks.
struct TagTable: Sendable {
    let table: String
    let ownerColumn: String
    /// Inserts one tag row; binds the owner's pk, its organization and the tag (`?1, ?2, ?3`).
    let insertSQL: String

    /// Agent tag rows also copy the agent's `hidden` (schema migration 5) and its sort key
    /// `created_at`, `id` (migration 8), read from its row.
    static let agents = TagTable(
        table: "agent_tags", ownerColumn: "agent_pk",
        insertSQL: """
            INSERT INTO agent_tags (agent_pk, organization_id, tag, hidden, created_at, agent_id) \
            SELECT ?1, ?2, ?3, hidden IS 1, created_at, id FROM agents WHERE pk = ?1
            """)
    static let blocks = TagTable(
        table: "block_tags", ownerColumn: "block_pk",
        insertSQL: "INSERT INTO block_tags (block_pk, organization_id, tag) VALUES (?1, ?2, ?3)")
}

extension SQLiteStore {
    // MARK: Link validation

    /// The pks of the objects of `kind` with these ids in the organization, by id. Throws
    /// `StoreError.missingReferences` naming every id that does not exist, in the given order.
    static func resolve(
        _ ids: [String], in table: String, kind: ObjectKind, organizationID: String, _ db: SQLiteConnection
    ) throws -> [String: Int64] {
        guard !ids.isEmpty else { return [:] }
        let found = try SQLPlaceholders.chunked(ids.sqlValues) { placeholders, bindings in
            try db.query(
                // `+` keeps the planner on the id index (the organization index would scan the organization).
                "SELECT id, pk FROM \(table) WHERE +organization_id = ? AND id IN (\(placeholders))",
                [.text(organizationID)] + bindings
            ) { (id: $0.string(0), pk: $0.int(1) as Int64) }
        }
        var pks: [String: Int64] = [:]
        for row in found { pks[row.id] = row.pk }
        let missing = deduplicated(ids.filter { pks[$0] == nil })
        guard missing.isEmpty else { throw StoreError.missingReferences(kind: kind, ids: missing) }
        return pks
    }

    // MARK: Link sets

    /// The owner's current links in link order.
    static func linkedTargets(_ side: LinkSide, owner: Int64, _ db: SQLiteConnection) throws -> [(
        pk: Int64, id: String
    )] {
        try db.query(
            """
            SELECT l.\(side.targetColumn), t.id FROM \(side.table) l JOIN \(side.targetTable) t ON t.pk = l.\(side.targetColumn)
            WHERE l.\(side.ownerColumn) = ? ORDER BY l.seq
            """, [.integer(owner)]
        ) { (pk: $0.int(0) as Int64, id: $0.string(1)) }
    }

    /// Plans replacing `current` by `desired` (deduplicated here); validates the added ids.
    static func planLinks(
        _ side: LinkSide, current: [(pk: Int64, id: String)], desired: [String], organizationID: String,
        _ db: SQLiteConnection
    ) throws -> LinkChange {
        let desired = deduplicated(desired)
        let desiredSet = Set(desired)
        let currentIDs = Set(current.map(\.id))
        let newIDs = desired.filter { !currentIDs.contains($0) }
        let pks = try resolve(newIDs, in: side.targetTable, kind: side.targetKind, organizationID: organizationID, db)
        var change = LinkChange(side: side)
        for link in current {
            if desiredSet.contains(link.id) {
                change.resultingIDs.append(link.id)
            } else {
                change.removed.append(link.pk)
            }
        }
        for id in newIDs {
            guard let pk = pks[id] else { continue }
            change.added.append((pk, id))
            change.resultingIDs.append(id)
        }
        return change
    }

    /// Plans linking a new owner to `desired` (deduplicated here); validates every id.
    static func planNewLinks(
        _ side: LinkSide, desired: [String], organizationID: String, _ db: SQLiteConnection
    ) throws -> LinkChange {
        try planLinks(side, current: [], desired: desired, organizationID: organizationID, db)
    }

    /// Writes a planned change, removals first (so a block can replace another with the same
    /// label). `ownerID` names the owner in conflict messages.
    static func apply(_ change: LinkChange, owner: Int64, ownerID: String, _ db: SQLiteConnection) throws {
        let side = change.side
        for target in change.removed {
            try db.run(
                "DELETE FROM \(side.table) WHERE \(side.ownerColumn) = ? AND \(side.targetColumn) = ?",
                [.integer(owner), .integer(target)])
        }
        for target in change.added {
            if side.table == LinkSide.agentBlocks.table {
                try attachBlock(target.pk, toAgent: owner, agentID: ownerID, db)
            } else {
                try db.run(
                    "INSERT INTO \(side.table) (\(side.ownerColumn), \(side.targetColumn)) VALUES (?, ?)",
                    [.integer(owner), .integer(target.pk)])
            }
        }
    }

    /// Links a block to an agent, copying its label; a label the agent already has is a conflict.
    static func attachBlock(_ block: Int64, toAgent agent: Int64, agentID: String, _ db: SQLiteConnection) throws {
        try onUniqueViolation {
            try db.run(
                "INSERT INTO blocks_agents (agent_pk, block_pk, block_label) SELECT ?, pk, label FROM blocks WHERE pk = ?",
                [.integer(agent), .integer(block)])
        } conflict: { _ in
            let label = try db.scalarString("SELECT label FROM blocks WHERE pk = ?", [.integer(block)]) ?? ""
            return labelConflict(label: label, agentID: agentID)
        }
    }

    /// Runs `body`; a violated UNIQUE constraint becomes the error `conflict` makes from it.
    static func onUniqueViolation<T>(
        _ body: () throws -> T, conflict: (SQLiteError) throws -> StoreError
    ) throws -> T {
        do {
            return try body()
        } catch let error as SQLiteError where error.isUniqueConstraint {
            throw try conflict(error)
        }
    }

    static func labelConflict(label: String, agentID: String) -> StoreError {
        .conflict(kind: .agent, message: "Agent '\(agentID)' already has a block with label '\(label)'")
    }

    // MARK: Tags

    /// The owner's tags in the order they were added.
    static func tags(_ table: TagTable, owner: Int64, _ db: SQLiteConnection) throws -> [String] {
        try db.query("SELECT tag FROM \(table.table) WHERE \(table.ownerColumn) = ? ORDER BY seq", [.integer(owner)]) {
            $0.string(0)
        }
    }

    /// Replaces the owner's tags by `desired` (deduplicated); kept tags keep their place.
    /// Returns the tags afterwards, in order.
    static func replaceTags(
        _ table: TagTable, owner: Int64, organizationID: String, current: [String], desired: [String],
        _ db: SQLiteConnection
    ) throws -> [String] {
        let desired = deduplicated(desired)
        let desiredSet = Set(desired)
        let currentSet = Set(current)
        for tag in current where !desiredSet.contains(tag) {
            try db.run(
                "DELETE FROM \(table.table) WHERE \(table.ownerColumn) = ? AND tag = ?", [.integer(owner), .text(tag)])
        }
        let added = desired.filter { !currentSet.contains($0) }
        for tag in added {
            try db.run(table.insertSQL, [.integer(owner), .text(organizationID), .text(tag)])
        }
        return current.filter { desiredSet.contains($0) } + added
    }
}
