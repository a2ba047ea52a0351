@testable import IdentityCore
@testable import IdentitySQLite
@testable import IdentityPostgres

/// Builders for storage tests: deterministic timestamps (`at` microseconds) so list order is known.
package enum StoreFixture {
    package static let org = Actor.defaultOrganizationID
    package static let otherOrg = "org-11111111-1111-4111-8111-111111111111"

    /// A fresh in-memory store with a second organization.
    package static func store() throws -> SQLiteStore {
        let store = try SQLiteStore(path: ":memory:")
        try store.ensureOrganization(id: otherOrg, name: "other_org")
        return store
    }

    /// A fresh store of the backend `IDENTITY_TEST_BACKEND` selects, with a second organization.
    package static func anyStore() throws -> any IdentityStore & TenantStore {
        let store = try makeTestStore()
        try store.ensureOrganization(id: otherOrg, name: "other_org")
        return store
    }

    package static func identity(
        _ key: String, project: String? = nil, name: String? = nil, type: IdentityType = .user, org: String = org,
        at micros: Int64 = 1_000, agents: [String] = [], blocks: [String] = [], properties: [IdentityProperty] = []
    ) -> Identity {
        Identity(
            identifierKey: key, name: name ?? "Name \(key)", identityType: type, projectID: project,
            organizationID: org,
            properties: properties, agentIDs: agents, blockIDs: blocks, createdAt: Timestamp(microseconds: micros))
    }

    package static func agent(
        _ name: String, org: String = org, at micros: Int64 = 1_000, tags: [String] = [], identities: [String] = [],
        blocks: [String] = []
    ) -> Agent {
        var agent = Agent(
            organizationID: org, name: name, agentType: "letta_v1_agent", system: "You are \(name).",
            llmConfig: ["model": "claude-3-5-sonnet", "context_window": 200_000],
            createdAt: Timestamp(microseconds: micros))
        agent.tags = tags
        agent.identityIDs = identities
        agent.blockIDs = blocks
        return agent
    }

    package static func block(
        _ label: String?, value: String = "", org: String = org, at micros: Int64 = 1_000, tags: [String] = []
    ) -> Block {
        Block(organizationID: org, label: label, value: value, tags: tags, createdAt: Timestamp(microseconds: micros))
    }

    /// 300 agents, two per creation time: `rare` on every tenth and `common` on the others, `third` also
    /// on every third; every seventh is hidden. A tag on most agents and a tag on a few, so a store that
    /// lists them in different ways (SQLite scans for one and drives from the other) shows both.
    package static func commonAndRareTaggedAgents(_ store: any IdentityStore) throws -> [Agent] {
        try (0..<300).map { index in
            var tags = index % 10 == 0 ? ["rare"] : ["common"]
            if index % 3 == 0 { tags.append("third") }
            var made = agent("agent \(index)", at: Int64(index / 2), tags: tags)
            made.hidden = index % 7 == 0 ? true : nil
            return try store.createAgent(made, newBlocks: [])
        }
    }

    /// A page request in ascending or descending order.
    package static func page(
        _ order: SortOrder, limit: Int? = nil, after: String? = nil, before: String? = nil
    ) -> PageRequest {
        PageRequest(before: before, after: after, limit: limit, order: order)
    }
}
