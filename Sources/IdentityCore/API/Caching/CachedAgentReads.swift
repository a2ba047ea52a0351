import HTTPKit

/// Agent reads answered with renderings from the `AgentRenderCache` where the store says they are
/// current, rendering (and keeping) only the others; without a cache, the store's full loads.
/// Pages are the cached JSON objects joined into one array.
struct CachedAgentReads {
    let store: any IdentityStore
    let cache: AgentRenderCache?

    /// A page of AgentState objects (`listAgents` semantics).
    func list(
        _ filter: AgentFilter, sortBy: AgentSortField, page: PageRequest, cursors: CursorPolicy, organizationID: String
    ) throws -> HTTPResponse {
        guard let cache else {
            return AgentResponse.list(
                try store.listAgents(filter, sortBy: sortBy, page: page, cursors: cursors, organizationID: organizationID))
        }
        // The store asks in page order, once per agent (`listRevisedAgents`), so the hits line up
        // with the entries it returns without an agent.
        var hits: [[UInt8]] = []
        let entries = try store.listRevisedAgents(
            filter, sortBy: sortBy, page: page, cursors: cursors, organizationID: organizationID
        ) { id, revision in
            guard let json = cache.rendering(agentID: id, organizationID: organizationID, revision: revision) else {
                return false
            }
            hits.append(json)
            return true
        }
        var parts: [[UInt8]] = []
        parts.reserveCapacity(entries.count)
        var nextHit = hits.makeIterator()
        for entry in entries {
            if let agent = entry.agent {
                parts.append(render(agent, cache: cache))
            } else if let json = nextHit.next() {
                parts.append(json)
            }
        }
        return .json(Self.array(parts))
    }

    /// One AgentState object, or nil when the agent does not exist in the organization. When the
    /// store's `CommitStamp` is the one its cached rendering was last found current under, nothing
    /// was written since and the rendering is the answer without a query.
    func one(id: String, organizationID: String) throws -> HTTPResponse? {
        guard let cache else {
            return try store.agent(id: id, organizationID: organizationID).map(AgentResponse.one)
        }
        let stamp = store.commitStamp()
        if let stamp, let json = cache.rendering(agentID: id, organizationID: organizationID, unchangedSince: stamp) {
            return .json(json)
        }
        var hit: [UInt8]?
        let entry = try store.revisedAgent(id: id, organizationID: organizationID) { id, revision in
            hit = cache.rendering(agentID: id, organizationID: organizationID, revision: revision, validatedAt: stamp)
            return hit != nil
        }
        if let agent = entry?.agent { return .json(render(agent, cache: cache, validatedAt: stamp)) }
        return entry == nil ? nil : hit.map { .json($0) }
    }

    /// The agent's JSON, kept under the revision it was read at (and the stamp taken before that
    /// read, if any).
    private func render(_ agent: Agent, cache: AgentRenderCache, validatedAt: CommitStamp? = nil) -> [UInt8] {
        let json = AgentResponse.render(agent)
        cache.store(
            agentID: agent.id, organizationID: agent.organizationID, revision: agent.revision, json: json,
            validatedAt: validatedAt)
        return json
    }

    /// `[` + the objects joined by `,` + `]`, in one allocation.
    static func array(_ parts: [[UInt8]]) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(parts.reduce(2 + parts.count) { $0 + $1.count })
        bytes.append(UInt8(ascii: "["))
        for (index, part) in parts.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            bytes.append(contentsOf: part)
        }
        bytes.append(UInt8(ascii: "]"))
        return bytes
    }
}
