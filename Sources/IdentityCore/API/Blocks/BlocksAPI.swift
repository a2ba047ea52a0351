import HTTPKit

/// The memory-block endpoints under `/v1/blocks/` (docs/reference/letta-api.md §5, except `GET /{block_id}/agents`,
/// which the agents API serves): list, count, create, retrieve, modify, delete, and linking
/// identities to a block.
struct BlocksAPI {
    let context: APIContext

    func register(on router: Router) {
        router.get("/v1/blocks/") { request in try list(request) }
        router.get("/v1/blocks/count") { request in try count(request) }
        router.post("/v1/blocks/") { request in try create(request) }
        router.get("/v1/blocks/{block_id}") { request in try retrieve(request) }
        router.patch("/v1/blocks/{block_id}") { request in try modify(request) }
        router.delete("/v1/blocks/{block_id}") { request in try delete(request) }
        router.patch("/v1/blocks/{block_id}/identities/attach/{identity_id}") { request in
            try linkIdentity(request, attach: true)
        }
        router.patch("/v1/blocks/{block_id}/identities/detach/{identity_id}") { request in
            try linkIdentity(request, attach: false)
        }
    }

    private var store: any IdentityStore { context.store }

    // MARK: Collection

    func list(_ request: HTTPRequest) throws -> HTTPResponse {
        let validator = Validator()
        let (filter, page) = BlockListQuery.list(QueryReader(request, validator: validator))
        try validator.throwIfInvalid()
        let actor = try context.actor(for: request)
        let blocks = try store.listBlocks(filter, page: page, cursors: .strict, organizationID: actor.organizationID)
        return Self.render(blocks)
    }

    func count(_ request: HTTPRequest) throws -> HTTPResponse {
        let validator = Validator()
        let filter = BlockListQuery.count(QueryReader(request, validator: validator))
        try validator.throwIfInvalid()
        let actor = try context.actor(for: request)
        return JSONResponse.integer(try store.countBlocks(filter, organizationID: actor.organizationID))
    }

    func create(_ request: HTTPRequest) throws -> HTTPResponse {
        let body = try RequestBody.object(request)
        let validator = Validator()
        let fields = BlockFields.create(body, validator: validator)
        try validator.throwIfInvalid()
        let actor = try context.actor(for: request)
        let block = try store.createBlock(fields.makeBlock(for: actor))
        return Self.render(block)
    }

    // MARK: One block

    func retrieve(_ request: HTTPRequest) throws -> HTTPResponse {
        let blockID = try PathID.require(request, "block_id", kind: .block)
        let actor = try context.actor(for: request)
        return Self.render(try existingBlock(blockID, actor: actor))
    }

    /// Applies the present, non-null fields. A request that changes nothing answers the stored
    /// block without writing; otherwise `last_updated_by_id` becomes the actor. A label that
    /// another block of one of this block's agents has is a 409 (raised by the store).
    func modify(_ request: HTTPRequest) throws -> HTTPResponse {
        let blockID = try PathID.require(request, "block_id", kind: .block)
        let body = try RequestBody.object(request)
        let validator = Validator()
        let fields = BlockFields.update(body, validator: validator)
        try validator.throwIfInvalid()
        let actor = try context.actor(for: request)
        let current = try existingBlock(blockID, actor: actor)
        var changed = current
        fields.apply(to: &changed)
        if changed == current { return Self.render(current) }
        let updated = try store.updateBlock(id: blockID, organizationID: actor.organizationID) { block in
            fields.apply(to: &block)
            block.lastUpdatedByID = actor.userID
        }
        return Self.render(updated)
    }

    /// Deletes the block with its tags and its links to agents and identities; answers `null`.
    func delete(_ request: HTTPRequest) throws -> HTTPResponse {
        let blockID = try PathID.require(request, "block_id", kind: .block)
        let actor = try context.actor(for: request)
        guard try store.deleteBlock(id: blockID, organizationID: actor.organizationID) else {
            throw APIError.notFound(.block, id: blockID)
        }
        return JSONResponse.null
    }

    /// Links (or unlinks) an identity and the block, idempotently, and answers the block.
    /// The identity id is checked by the service (400), the identity is looked up before the
    /// block (404 for either).
    func linkIdentity(_ request: HTTPRequest, attach: Bool) throws -> HTTPResponse {
        let blockID = try PathID.require(request, "block_id", kind: .block)
        let actor = try context.actor(for: request)
        let identityID = try PathID.requireServiceChecked(request, "identity_id", kind: .identity)
        let organizationID = actor.organizationID
        guard let identity = try store.identity(id: identityID, organizationID: organizationID) else {
            throw APIError.notFound(.identity, id: identityID)
        }
        let block = try existingBlock(blockID, actor: actor)
        if identity.blockIDs.contains(blockID) != attach {
            _ = try store.updateIdentity(id: identityID, organizationID: organizationID) { identity in
                identity.blockIDs.removeAll { $0 == blockID }
                if attach { identity.blockIDs.append(blockID) }
            }
        }
        return Self.render(block)
    }

    // MARK: Helpers

    private func existingBlock(_ id: String, actor: Actor) throws -> Block {
        guard let block = try store.block(id: id, organizationID: actor.organizationID) else {
            throw APIError.notFound(.block, id: id)
        }
        return block
    }

    static func render(_ block: Block) -> HTTPResponse {
        JSONResponse.make(capacity: 512 + block.value.utf8.count) { block.write(to: &$0) }
    }

    static func render(_ blocks: [Block]) -> HTTPResponse {
        let capacity = blocks.reduce(2) { $0 + 512 + $1.value.utf8.count }
        return JSONResponse.make(capacity: capacity) { writer in
            writer.beginArray()
            for block in blocks { block.write(to: &writer) }
            writer.endArray()
        }
    }
}
