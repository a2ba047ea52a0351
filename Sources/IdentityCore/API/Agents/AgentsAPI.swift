import HTTPKit

/// The agents endpoints (docs/reference/letta-api.md §4.1–4.14) and the agent/block sub-lists of identities and
/// blocks (§3.9, §3.10, §5.7).
public struct AgentsAPI: Sendable {
    public let context: APIContext

    public init(context: APIContext) {
        self.context = context
    }

    private var store: any IdentityStore { context.store }
    /// Agent reads through the rendering cache.
    var reads: CachedAgentReads { CachedAgentReads(store: context.store, cache: context.agentCache) }

    public func register(on router: Router) {
        router.get("/v1/agents/") { try list($0) }
        router.get("/v1/agents/count") { try count($0) }
        router.post("/v1/agents/") { try create($0) }
        router.get("/v1/agents/{agent_id}") { try retrieve($0) }
        router.patch("/v1/agents/{agent_id}") { try modify($0) }
        router.delete("/v1/agents/{agent_id}") { try delete($0) }
        router.get("/v1/agents/{agent_id}/tools") { try tools($0) }
        router.patch("/v1/agents/{agent_id}/identities/attach/{identity_id}") { try linkIdentity($0, attach: true) }
        router.patch("/v1/agents/{agent_id}/identities/detach/{identity_id}") { try linkIdentity($0, attach: false) }
        registerCoreMemory(on: router)
        registerRelations(on: router)
    }

    // MARK: Agents

    private func list(_ request: HTTPRequest) throws -> HTTPResponse {
        let validator = Validator()
        let query = AgentListQuery.read(request, paged: true, validator: validator)
        try validator.throwIfInvalid()
        let actor = try context.actor(for: request)
        return try reads.list(
            query.filter, sortBy: query.sortBy, page: query.page, cursors: .strict, organizationID: actor.organizationID)
    }

    private func count(_ request: HTTPRequest) throws -> HTTPResponse {
        let validator = Validator()
        let query = AgentListQuery.read(request, paged: false, validator: validator)
        try validator.throwIfInvalid()
        let actor = try context.actor(for: request)
        let total = try store.countAgents(query.filter, organizationID: actor.organizationID)
        return JSONResponse.integer(total)
    }

    private func create(_ request: HTTPRequest) throws -> HTTPResponse {
        let body = try RequestBody.object(request)
        let validator = Validator()
        let input = AgentCreateRequest.read(body, validator: validator)
        try validator.throwIfInvalid()
        let actor = try context.actor(for: request)
        let (agent, newBlocks) = try input.makeAgent(actor: actor, now: .now())
        let stored = try store.createAgent(agent, newBlocks: newBlocks)
        return AgentResponse.one(stored)
    }

    private func retrieve(_ request: HTTPRequest) throws -> HTTPResponse {
        let agentID = try PathID.require(request, "agent_id", kind: .agent)
        let validator = Validator()
        AgentListQuery.checkInclude(QueryReader(request, validator: validator), validator: validator)
        try validator.throwIfInvalid()
        let actor = try context.actor(for: request)
        guard let response = try reads.one(id: agentID, organizationID: actor.organizationID) else {
            throw APIError.notFound(.agent, id: agentID)
        }
        return response
    }

    private func modify(_ request: HTTPRequest) throws -> HTTPResponse {
        let agentID = try PathID.require(request, "agent_id", kind: .agent)
        let body = try RequestBody.object(request)
        let validator = Validator()
        let input = AgentUpdateRequest.read(body, validator: validator)
        try validator.throwIfInvalid()
        let actor = try context.actor(for: request)
        try input.checkArguments()
        let now = Timestamp.now()
        let updated = try store.updateAgent(id: agentID, organizationID: actor.organizationID) { agent in
            try input.apply(to: &agent, actor: actor, now: now)
        }
        return AgentResponse.one(updated)
    }

    private func delete(_ request: HTTPRequest) throws -> HTTPResponse {
        let agentID = try PathID.require(request, "agent_id", kind: .agent)
        let actor = try context.actor(for: request)
        guard try store.deleteAgent(id: agentID, organizationID: actor.organizationID) else {
            throw APIError.notFound(.agent, id: agentID)
        }
        return JSONResponse.make(capacity: 96) { writer in
            writer.beginObject()
            writer.field("message", "Agent id=\(agentID) successfully deleted")
            writer.endObject()
        }
    }

    /// The agent's tools (docs/reference/letta-api.md §4.7): those imported with it from an agent file, else `[]`;
    /// a page of at most `limit` of them in the agent's order, after / before the tools named
    /// by the cursors (an unknown cursor: an empty page).
    private func tools(_ request: HTTPRequest) throws -> HTTPResponse {
        let agentID = try PathID.require(request, "agent_id", kind: .agent)
        let validator = Validator()
        let query = QueryReader(request, validator: validator)
        let page = query.page(defaultLimit: 10, defaultOrder: .descending)
        AgentListQuery.checkCreatedAtOrder(query, validator: validator)
        try validator.throwIfInvalid()
        let actor = try context.actor(for: request)
        guard let agent = try store.agent(id: agentID, organizationID: actor.organizationID) else {
            throw APIError.notFound("Agent not found")
        }
        guard let toolsJSON = agent.toolsJSON, case let .array(tools)? = try? JSONParser.parse(toolsJSON) else {
            return .json(AgentJSONFragments.emptyArray)
        }
        var window = tools[...]
        if let after = page.after {
            let position = window.firstIndex { $0["id"]?.stringValue == after }
            window = position.map { window[($0 + 1)...] } ?? []
        }
        if let before = page.before {
            let position = window.firstIndex { $0["id"]?.stringValue == before }
            window = position.map { window[..<$0] } ?? []
        }
        return .json(JSONValue.array(Array(window.prefix(page.limit ?? window.count))).encoded)
    }

    /// Links or unlinks an identity (docs/reference/letta-api.md §4.8–4.9): the identity id is checked by the service
    /// (400), the identity looked up before the agent; idempotent; answers `null`.
    private func linkIdentity(_ request: HTTPRequest, attach: Bool) throws -> HTTPResponse {
        let agentID = try PathID.require(request, "agent_id", kind: .agent)
        let actor = try context.actor(for: request)
        let identityID = try PathID.requireServiceChecked(request, "identity_id", kind: .identity)
        guard try store.identity(id: identityID, organizationID: actor.organizationID) != nil else {
            throw APIError.notFound(.identity, id: identityID)
        }
        _ = try store.updateAgent(id: agentID, organizationID: actor.organizationID) { agent in
            if attach {
                if !agent.identityIDs.contains(identityID) { agent.identityIDs.append(identityID) }
            } else {
                agent.identityIDs.removeAll { $0 == identityID }
            }
        }
        return JSONResponse.null
    }

    // MARK: Helpers

    /// The agent, or 404 `Agent not found: <id>`.
    func existingAgent(_ id: String, actor: Actor) throws -> Agent {
        guard let agent = try store.agent(id: id, organizationID: actor.organizationID) else {
            throw APIError.notFound(.agent, id: id)
        }
        return agent
    }
}
