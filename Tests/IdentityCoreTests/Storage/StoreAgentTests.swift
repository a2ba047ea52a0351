import Testing

@testable import IdentityCore
@testable import IdentitySQLite
import IdentityTestSupport

/// Runs on the backend `IDENTITY_TEST_BACKEND` selects (SQLite by default; CI runs it on both).
@Suite("Store agents")
struct StoreAgentTests {
    typealias F = StoreFixture
    let org = StoreFixture.org

    /// An agent with every field set away from its default.
    static func everyField() -> Agent {
        var agent = Agent(
            organizationID: StoreFixture.org, name: "Agent ✓", agentType: "memgpt_v2_agent",
            system: String(repeating: "You are helpful. \"quoted\" é\n", count: 40),
            llmConfig: [
                "model": "claude-3-5-sonnet", "context_window": 200_000, "temperature": 0.7,
                "put_inner_thoughts_in_kwargs": false,
            ],
            createdAt: Timestamp(microseconds: 1_700_000_000_123_456))
        agent.description = "describes"
        agent.metadata = ["k": [1, 2.0, nil, "s"]]
        agent.createdByID = "user-1"
        agent.lastUpdatedByID = "user-2"
        agent.updatedAt = Timestamp(microseconds: 1_700_000_001_000_000)
        agent.projectID = "project"
        agent.templateID = "template"
        agent.baseTemplateID = "base"
        agent.deploymentID = "deployment"
        agent.entityID = "entity"
        agent.hidden = false
        agent.lastRunCompletion = Timestamp(microseconds: 1_700_000_002_000_000)
        agent.lastRunDurationMs = 1234
        agent.lastStopReason = "end_turn"
        agent.timezone = nil
        agent.maxFilesOpen = 7
        agent.perFileViewWindowCharLimit = 9000
        agent.messageBufferAutoclear = true
        agent.enableSleeptime = false
        agent.embeddingConfig = ["embedding_model": "text-embedding-3-small", "embedding_dim": 1536]
        agent.compactionSettings = ["mode": "sliding_window"]
        agent.responseFormat = ["type": "json_object"]
        agent.toolRules = [["tool_name": "send_message", "type": "exit_loop"]]
        agent.messageIDs = ["message-1", "message-2"]
        agent.secrets = [(key: "API_KEY", value: "s3cret"), (key: "API_KEY", value: "second")]
        return agent
    }

    @Test func createAgent_RoundTripsEveryField_WhenReadBack() throws {
        let store = try F.anyStore()
        let agent = Self.everyField()
        let created = try store.createAgent(agent, newBlocks: [])
        #expect(created == agent)
        #expect(try store.agent(id: agent.id, organizationID: org) == agent)
        let listed = try store.listAgents(
            AgentFilter(includeHidden: true), sortBy: .createdAt, page: F.page(.ascending), cursors: .strict,
            organizationID: org)
        #expect(listed == [agent])
    }

    @Test func createAgent_KeepsDefaults_WhenFieldsAreUnset() throws {
        let store = try F.anyStore()
        let agent = F.agent("plain")
        #expect(try store.createAgent(agent, newBlocks: []) == agent)
        #expect(agent.metadata == .null && agent.timezone == "UTC" && agent.embeddingConfig == nil)
    }

    @Test func updateAgent_StoresEveryChangedField() throws {
        let store = try F.anyStore()
        let created = try store.createAgent(F.agent("plain"), newBlocks: [])
        var expected = Self.everyField()
        expected.id = created.id
        let updated = try store.updateAgent(id: created.id, organizationID: org) { agent in
            let id = agent.id
            agent = Self.everyField()
            agent.id = id
        }
        #expect(updated == expected)
        #expect(try store.agent(id: created.id, organizationID: org) == expected)
    }
}
