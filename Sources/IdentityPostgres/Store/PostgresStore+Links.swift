import IdentityCore

/// One link table seen from the side that owns the link set being written.
struct PostgresLinkSide: Sendable {
    let table: String
    let ownerColumn: String
    let targetColumn: String
    let targetTable: String
    let targetKind: ObjectKind
    /// How targets are locked while validated: `FOR KEY SHARE` keeps them from being deleted until the
    /// link commits; blocks attached to agents take `FOR SHARE`, which also waits for a label change.
    let lock: String

    static let identityAgents = PostgresLinkSide(
        table: "identities_agents", ownerColumn: "identity_id", targetColumn: "agent_id", targetTable: "agents",
        targetKind: .agent, lock: "FOR KEY SHARE")
    static let identityBlocks = PostgresLinkSide(
        table: "identities_blocks", ownerColumn: "identity_id", targetColumn: "block_id", targetTable: "blocks",
        targetKind: .block, lock: "FOR KEY SHARE")
    static let agentIdentities = PostgresLinkSide(
        table: "identities_agents", ownerColumn: "agent_id", targetColumn: "identity_id", targetTable: "identities",
        targetKind: .identity, lock: "FOR KEY SHARE")
    /// Agent → blocks; inserting also copies the block's label (unique per agent).
    static let agentBlocks = PostgresLinkSide(
        table: "blocks_agents", ownerColumn: "agent_id", targetColumn: "block_id", targetTable: "blocks",
        targetKind: .block, lock: "FOR SHARE")
}

/// How one owner's link set changes, computed before any write.
struct PostgresLinkChange {
    let side: PostgresLinkSide
    var removed: [String] = []
    var added: [String] = []
    /// The ids linked afterwards in link order: kept links first, in their old order, then the new ones.
    var resultingIDs: [String] = []

    /// Replacing `current` by `desired` (deduplicated here).
    init(_ side: PostgresLinkSide, current: [String], desired: [String]) {
        self.side = side
        let desired = PostgresStore.deduplicated(desired)
        let desiredSet = Set(desired)
        let currentSet = Set(current)
        for id in current {
            if desiredSet.contains(id) {
                resultingIDs.append(id)
            } else {
                removed.append(id)
            }
        }
        added = desired.filter { !currentSet.contains($0) }
        resultingIDs += added
    }

    var isEmpty: Bool { removed.isEmpty && added.isEmpty }
}

extension PostgresStore {
    // MARK: Link validation

    /// Selects (and locks) the targets among `ids` that exist in the organization.
    static func resolveStatement(_ side: PostgresLinkSide, ids: [String], organizationID: String) -> PostgresStatement {
        PostgresStatement(
            "SELECT id FROM \(side.targetTable) WHERE organization_id = $1 AND id = ANY($2::text[]) \(side.lock)",
            [.text(organizationID), .array(ids)])
    }

    /// Checks the added targets of each change exist in the organization (locking them), in one round
    /// trip. Throws `StoreError.missingReferences` for the first change with missing ids, naming every
    /// missing id in request order.
    static func validate(_ changes: [PostgresLinkChange], organizationID: String, _ transaction: PostgresTransaction) throws {
        let checked = changes.filter { !$0.added.isEmpty }
        guard !checked.isEmpty else { return }
        let results = try transaction.run(checked.map {
            resolveStatement($0.side, ids: $0.added, organizationID: organizationID)
        })
        for (change, result) in zip(checked, results) {
            let found = Set(result.map { $0.string(0) })
            let missing = change.added.filter { !found.contains($0) }
            if !missing.isEmpty {
                throw StoreError.missingReferences(kind: change.side.targetKind, ids: missing)
            }
        }
    }

    // MARK: Link writes

    /// The statements that apply a (validated) change for `owner`.
    static func linkStatements(_ change: PostgresLinkChange, owner: String) -> [PostgresStatement] {
        let side = change.side
        var statements: [PostgresStatement] = []
        if !change.removed.isEmpty {
            statements.append(PostgresStatement(
                "DELETE FROM \(side.table) WHERE \(side.ownerColumn) = $1 AND \(side.targetColumn) = ANY($2::text[])",
                [.text(owner), .array(change.removed)]))
        }
        if !change.added.isEmpty {
            if side.table == PostgresLinkSide.agentBlocks.table {
                statements.append(PostgresStatement(
                    """
                    INSERT INTO blocks_agents (agent_id, block_id, block_label) \
                    SELECT $1, b.id, b.label FROM unnest($2::text[]) WITH ORDINALITY AS u(id, n) \
                    JOIN blocks b ON b.id = u.id ORDER BY u.n
                    """, [.text(owner), .array(change.added)]))
            } else {
                statements.append(PostgresStatement(
                    """
                    INSERT INTO \(side.table) (\(side.ownerColumn), \(side.targetColumn)) \
                    SELECT $1, u.id FROM unnest($2::text[]) WITH ORDINALITY AS u(id, n) ORDER BY u.n
                    """, [.text(owner), .array(change.added)]))
            }
        }
        return statements
    }

    // MARK: Tags

    /// The statements replacing `current` tags by `desired` (deduplicated); kept tags keep their place.
    /// Returns them with the tags afterwards, in order.
    static func tagStatements(
        table: String, ownerColumn: String, owner: String, organizationID: String, current: [String], desired: [String]
    ) -> (statements: [PostgresStatement], tags: [String]) {
        let desired = deduplicated(desired)
        let desiredSet = Set(desired)
        let currentSet = Set(current)
        let removed = current.filter { !desiredSet.contains($0) }
        let added = desired.filter { !currentSet.contains($0) }
        var statements: [PostgresStatement] = []
        if !removed.isEmpty {
            statements.append(PostgresStatement(
                "DELETE FROM \(table) WHERE \(ownerColumn) = $1 AND tag = ANY($2::text[])",
                [.text(owner), .array(removed)]))
        }
        if !added.isEmpty {
            statements.append(PostgresStatement(
                """
                INSERT INTO \(table) (\(ownerColumn), organization_id, tag) \
                SELECT $1, $2, u.tag FROM unnest($3::text[]) WITH ORDINALITY AS u(tag, n) ORDER BY u.n
                """, [.text(owner), .text(organizationID), .array(added)]))
            // The tag directory (see `tagDirectorySchema`), in one global order so that two writers adding
            // the same new tags never wait for each other crosswise.
            let sorted = added.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
            statements.append(PostgresStatement(
                """
                INSERT INTO organization_tags (organization_id, tag) \
                SELECT $1, u.tag FROM unnest($2::text[]) WITH ORDINALITY AS u(tag, n) ORDER BY u.n \
                ON CONFLICT DO NOTHING
                """, [.text(organizationID), .array(sorted)]))
        }
        return (statements, current.filter { desiredSet.contains($0) } + added)
    }

    // MARK: Label conflicts

    static let labelConstraint = "blocks_agents_label_unique"

    static func labelConflict(label: String, agentID: String) -> StoreError {
        .conflict(kind: .agent, message: "Agent '\(agentID)' already has a block with label '\(label)'")
    }

    /// The agent and label of a `blocks_agents_label_unique` violation, from the server's DETAIL
    /// `Key (agent_id, block_label)=(agent-…, human) already exists.` (agent ids contain no comma).
    static func labelConflict(from error: any Error) -> StoreError? {
        guard let error = error as? PostgresError, error.isUniqueViolation, error.constraint == labelConstraint, let detail = error.detail,
            let open = detail.firstIndex(of: "=")
        else { return nil }
        var values = detail[detail.index(after: open)...].dropFirst()
        let suffix = ") already exists."
        if values.hasSuffix(suffix) { values = values.dropLast(suffix.count) }
        guard let comma = values.firstIndex(of: ",") else { return nil }
        let agentID = String(values[..<comma])
        let label = String(values[values.index(after: comma)...].dropFirst())
        return labelConflict(label: label, agentID: agentID)
    }
}
