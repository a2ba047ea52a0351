import HTTPKit

/// The core-memory endpoints of an agent (docs/reference/letta-api.md §4.10–4.14): its whole
/// memory, its attached blocks, by label, and attaching or detaching blocks.
extension AgentsAPI {
    func registerCoreMemory(on router: Router) {
        router.get("/v1/agents/{agent_id}/core-memory") { try memory($0) }
        router.get("/v1/agents/{agent_id}/core-memory/blocks") { try listBlocks($0) }
        router.get("/v1/agents/{agent_id}/core-memory/blocks/{block_label}") { try blockByLabel($0) }
        router.patch("/v1/agents/{agent_id}/core-memory/blocks/{block_label}") { try modifyBlock($0) }
        router.patch("/v1/agents/{agent_id}/core-memory/blocks/attach/{block_id}") { try attachBlock($0) }
        router.patch("/v1/agents/{agent_id}/core-memory/blocks/detach/{block_id}") { try detachBlock($0) }
    }

    /// The agent's whole Memory object (deprecated in Letta, still served): its blocks in
    /// attachment order, no file blocks, the empty prompt template.
    private func memory(_ request: HTTPRequest) throws -> HTTPResponse {
        let agentID = try PathID.require(request, "agent_id", kind: .agent)
        let actor = try context.actor(for: request)
        let agent = try existingAgent(agentID, actor: actor)
        return JSONResponse.make(capacity: 640 * max(agent.blocks.count, 1) + 128) { agent.writeMemory(to: &$0) }
    }

    /// Blocks ordered by id (not creation time), cursors compared as strings against ids;
    /// in descending order `after` continues downwards (family P3, docs/reference/letta-api.md §1.9).
    private func listBlocks(_ request: HTTPRequest) throws -> HTTPResponse {
        let agentID = try PathID.require(request, "agent_id", kind: .agent)
        let validator = Validator()
        let query = QueryReader(request, validator: validator)
        let page = query.page(defaultLimit: 100, defaultOrder: .descending)
        AgentListQuery.checkCreatedAtOrder(query, validator: validator)
        try validator.throwIfInvalid()
        let actor = try context.actor(for: request)
        let agent = try existingAgent(agentID, actor: actor)
        let ascending = page.order == .ascending
        var blocks = agent.blocks.sorted { ascending ? $0.id < $1.id : $0.id > $1.id }
        if let after = page.after { blocks.removeAll { ascending ? $0.id <= after : $0.id >= after } }
        if let before = page.before { blocks.removeAll { ascending ? $0.id >= before : $0.id <= before } }
        if let limit = page.limit, blocks.count > limit { blocks.removeLast(blocks.count - limit) }
        return AgentBlocksResponse.make(blocks)
    }

    private func blockByLabel(_ request: HTTPRequest) throws -> HTTPResponse {
        let agentID = try PathID.require(request, "agent_id", kind: .agent)
        let label = request.pathParameters["block_label"] ?? ""
        let actor = try context.actor(for: request)
        let agent = try existingAgent(agentID, actor: actor)
        return AgentBlocksResponse.one(try attachedBlock(label: label, of: agent))
    }

    /// Applies a BlockUpdate to the attached block with that label; the block is shared, so the
    /// change shows wherever it is used. A label clash with another block of an agent is 409.
    private func modifyBlock(_ request: HTTPRequest) throws -> HTTPResponse {
        let agentID = try PathID.require(request, "agent_id", kind: .agent)
        let label = request.pathParameters["block_label"] ?? ""
        let body = try RequestBody.object(request)
        let validator = Validator()
        let changes = BlockFields.update(body, validator: validator)
        try validator.throwIfInvalid()
        let actor = try context.actor(for: request)
        let agent = try existingAgent(agentID, actor: actor)
        let block = try attachedBlock(label: label, of: agent)
        let updated = try context.store.updateBlock(id: block.id, organizationID: actor.organizationID) { block in
            changes.apply(to: &block)
            block.lastUpdatedByID = actor.userID
        }
        return AgentBlocksResponse.one(updated)
    }

    /// Attaches an existing block of the organization; already attached → unchanged links, but
    /// `updated_at` moves. 404 for an unknown block, 409 when another attached block has its label.
    private func attachBlock(_ request: HTTPRequest) throws -> HTTPResponse {
        let agentID = try PathID.require(request, "agent_id", kind: .agent)
        let blockID = try PathID.require(request, "block_id", kind: .block)
        let actor = try context.actor(for: request)
        let now = Timestamp.now()
        let updated = try context.store.updateAgent(id: agentID, organizationID: actor.organizationID) { agent in
            if !agent.blockIDs.contains(blockID) { agent.blockIDs.append(blockID) }
            agent.updatedAt = now
            agent.lastUpdatedByID = actor.userID
        }
        return AgentResponse.one(updated)
    }

    /// Detaches a block; the block itself stays. 404 when it is not attached to the agent.
    private func detachBlock(_ request: HTTPRequest) throws -> HTTPResponse {
        let agentID = try PathID.require(request, "agent_id", kind: .agent)
        let blockID = try PathID.require(request, "block_id", kind: .block)
        let actor = try context.actor(for: request)
        let now = Timestamp.now()
        let updated = try context.store.updateAgent(id: agentID, organizationID: actor.organizationID) { agent in
            guard agent.blockIDs.contains(blockID) else {
                throw APIError.notFound("No block with id '\(blockID)' found for agent '\(agentID)'")
            }
            agent.blockIDs.removeAll { $0 == blockID }
            agent.updatedAt = now
            agent.lastUpdatedByID = actor.userID
        }
        return AgentResponse.one(updated)
    }

    private func attachedBlock(label: String, of agent: Agent) throws -> Block {
        guard let block = agent.blocks.first(where: { $0.label == label }) else {
            throw APIError.notFound("No block with label '\(label)' found for agent '\(agent.id)'")
        }
        return block
    }
}

/// Builds BlockResponse bodies.
enum AgentBlocksResponse {
    static func one(_ block: Block) -> HTTPResponse {
        JSONResponse.make(capacity: 640) { block.write(to: &$0) }
    }

    static func make(_ blocks: [Block]) -> HTTPResponse {
        JSONResponse.make(capacity: 640 * max(blocks.count, 1)) { writer in
            writer.beginArray()
            for block in blocks { block.write(to: &writer) }
            writer.endArray()
        }
    }
}
