import HTTPKit

/// The agents and blocks linked to an identity (docs/reference/letta-api.md §3.9–3.10) and the agents using a block
/// (§5.7). Hidden agents are included in all three.
extension AgentsAPI {
    func registerRelations(on router: Router) {
        router.get("/v1/identities/{identity_id}/agents") { try agentsOfIdentity($0) }
        router.get("/v1/identities/{identity_id}/blocks") { try blocksOfIdentity($0) }
        router.get("/v1/blocks/{block_id}/agents") { try agentsOfBlock($0) }
    }

    /// Family P1: strict cursors (unknown → 404 `No Agent found with id …`), newest first by
    /// default, limit 50; `limit=0` means no limit, as on every other list (Letta answers `[]`).
    private func agentsOfIdentity(_ request: HTTPRequest) throws -> HTTPResponse {
        let identityID = try PathID.require(request, "identity_id", kind: .identity)
        let validator = Validator()
        let query = QueryReader(request, validator: validator)
        let page = query.page(defaultLimit: 50, defaultOrder: .descending)
        AgentListQuery.checkCreatedAtOrder(query, validator: validator)
        AgentListQuery.checkInclude(query, validator: validator)
        try validator.throwIfInvalid()
        let actor = try context.actor(for: request)
        let organizationID = actor.organizationID
        try requireIdentity(identityID, organizationID: organizationID)
        let storePage = try StrictCursorPage.storePage(page, kind: .agent) { id in
            try context.store.agent(id: id, organizationID: organizationID)?.createdAt
        }
        let filter = AgentFilter(identityID: identityID, includeHidden: true)
        return try reads.list(filter, sortBy: .createdAt, page: storePage, cursors: .strict, organizationID: organizationID)
    }

    /// Family P1 like the agents of an identity; templates and hidden blocks included, each
    /// block with its tags.
    private func blocksOfIdentity(_ request: HTTPRequest) throws -> HTTPResponse {
        let identityID = try PathID.require(request, "identity_id", kind: .identity)
        let validator = Validator()
        let query = QueryReader(request, validator: validator)
        let page = query.page(defaultLimit: 50, defaultOrder: .descending)
        AgentListQuery.checkCreatedAtOrder(query, validator: validator)
        try validator.throwIfInvalid()
        let actor = try context.actor(for: request)
        let organizationID = actor.organizationID
        try requireIdentity(identityID, organizationID: organizationID)
        let storePage = try StrictCursorPage.storePage(page, kind: .block) { id in
            try context.store.block(id: id, organizationID: organizationID)?.createdAt
        }
        let filter = BlockFilter(isTemplate: nil, identityID: identityID, includeHidden: true)
        let blocks = try context.store.listBlocks(filter, page: storePage, cursors: .strict, organizationID: organizationID)
        return AgentBlocksResponse.make(blocks)
    }

    /// Strict cursors (docs/reference/decisions.md #7), newest first, limit 50; an unknown block has no agents (`[]`).
    private func agentsOfBlock(_ request: HTTPRequest) throws -> HTTPResponse {
        let blockID = try PathID.require(request, "block_id", kind: .block)
        let validator = Validator()
        let query = QueryReader(request, validator: validator)
        let page = query.page(defaultLimit: 50, defaultOrder: .descending)
        AgentListQuery.checkCreatedAtOrder(query, validator: validator)
        AgentListQuery.checkInclude(query, validator: validator)
        try validator.throwIfInvalid()
        let actor = try context.actor(for: request)
        let filter = AgentFilter(includeHidden: true, blockID: blockID)
        return try reads.list(filter, sortBy: .createdAt, page: page, cursors: .strict, organizationID: actor.organizationID)
    }

    private func requireIdentity(_ id: String, organizationID: String) throws {
        guard try context.store.identity(id: id, organizationID: organizationID) != nil else {
            throw APIError.notFound(.identity, id: id)
        }
    }
}

/// The page a strict-cursor (P1) list asks the store for, as the identities list does: with
/// both cursors Letta returns the records strictly between the two in time whatever the order,
/// and answers 400 when the `before` record is older than the `after` record. Both cursor
/// records are looked up (`before` first) so an unknown one is the strict 404. The store reads
/// `before`/`after` relative to the page's order, so a descending page swaps them.
enum StrictCursorPage {
    static func storePage(
        _ page: PageRequest, kind: ObjectKind, createdAt: (String) throws -> Timestamp?
    ) throws -> PageRequest {
        guard let beforeID = page.before, let afterID = page.after else { return page }
        let before = try cursorTime(beforeID, kind: kind, createdAt: createdAt)
        let after = try cursorTime(afterID, kind: kind, createdAt: createdAt)
        if (before, beforeID) < (after, afterID) {
            throw APIError.badRequest("'before' reference must be later than 'after' reference")
        }
        guard page.order == .descending else { return page }
        var swapped = page
        swapped.before = afterID
        swapped.after = beforeID
        return swapped
    }

    private static func cursorTime(
        _ id: String, kind: ObjectKind, createdAt: (String) throws -> Timestamp?
    ) throws -> Timestamp {
        guard let time = try createdAt(id) else {
            throw APIError(StoreError.cursorNotFound(kind: kind, id: id))
        }
        return time
    }
}
