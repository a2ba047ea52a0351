import HTTPKit
import Testing

@testable import IdentityCore
import IdentityTestSupport

@Suite("AgentsAPI retrieve, modify and delete")
struct AgentsAPIModifyTests {
    @Test func retrieve_AnswersNotFoundAndUnprocessable() throws {
        let harness = try AgentsHarness()
        let missing = harness.send(.get, "/v1/agents/\(missingID(.agent))")
        #expect(missing.status == .notFound)
        #expect(missing.detail == "Agent not found: \(missingID(.agent))")
        let malformed = harness.send(.get, "/v1/agents/agent-123")
        #expect(malformed.status == .unprocessableEntity)
        #expect(malformed.issueTypes == ["string_pattern_mismatch"])
        #expect(malformed.json["examples"] == ["agent-123e4567-e89b-42d3-8456-426614174000"])
        let id = harness.agent("A")
        #expect(harness.send(.get, "/v1/agents/\(id)?include=agent.blocks&include=agent.tags").status == .ok)
        let include = harness.send(.get, "/v1/agents/\(id)?include=agent.tags&include=blocks")
        #expect(include.status == .unprocessableEntity)
        #expect(include.issueLocations == ["query.include.1"])
        #expect(include.issueTypes == ["literal_error"])
    }

    @Test func tools_AreEmpty_ForAnExistingAgent() throws {
        let harness = try AgentsHarness()
        let id = harness.agent("A")
        let reply = harness.send(.get, "/v1/agents/\(id)/tools?limit=5&order=asc")
        #expect(reply.status == .ok)
        #expect(reply.text == "[]")
        let missing = harness.send(.get, "/v1/agents/\(missingID(.agent))/tools")
        #expect(missing.status == .notFound)
        #expect(missing.detail == "Agent not found")
        #expect(harness.send(.get, "/v1/agents/\(id)/tools?limit=x").status == .unprocessableEntity)
    }

    @Test func modify_ChangesOnlyGivenFields() throws {
        let harness = try AgentsHarness()
        let created = harness.createAgent(
            #"{"model":"a/b","name":"Tag A","description":"old","tags":["a","b"],"metadata":{"x":1,"y":2},"system":"S","timezone":"UTC"}"#)
        let id = try #require(created["id"]?.stringValue)
        let reply = harness.send(
            .patch, "/v1/agents/\(id)",
            #"{"name":"Tag A renamed","description":"updated","tags":["c","a","c"],"metadata":{"k":"v"},"system":null,"unknown":3}"#)
        #expect(reply.status == .ok)
        let agent = reply.json
        #expect(agent["name"] == "Tag A renamed")
        #expect(agent["description"] == "updated")
        #expect(agent["tags"] == ["a", "c"], "kept links keep their position, new ones follow")
        #expect(agent["metadata"] == ["k": "v"])
        #expect(agent["system"] == "S")
        #expect(agent["timezone"] == "UTC")
        #expect(agent["llm_config"] == created["llm_config"])
        #expect(agent["created_at"] == created["created_at"])
        let createdAt = Timestamp(iso8601: created["created_at"]?.stringValue ?? "")!
        let updatedAt = Timestamp(iso8601: agent["updated_at"]?.stringValue ?? "")!
        #expect(updatedAt > createdAt)
        #expect(harness.agentState(id) == agent)
        #expect(harness.send(.patch, "/v1/agents/\(id)", "{}").json["tags"] == ["a", "c"])
    }

    @Test func modify_RecordsTheActor_AndAllowsAnyName() throws {
        let harness = try AgentsHarness()
        let id = harness.agent("A")
        let user = "user-11111111-1111-4111-8111-111111111111"
        let reply = harness.send(.patch, "/v1/agents/\(id)", #"{"name":"slash/allowed"}"#, headers: ["user_id": user])
        #expect(reply.json["name"] == "slash/allowed")
        #expect(reply.json["created_by_id"] == .string(Actor.defaultUserID))
        #expect(reply.json["last_updated_by_id"] == .string(Actor.defaultUserID))
    }

    @Test func modify_ReplacesLinkSets() throws {
        let harness = try AgentsHarness()
        let one = try harness.makeIdentity("one")
        let two = try harness.makeIdentity("two")
        let first = try harness.makeBlock("first")
        let second = try harness.makeBlock("second")
        let id = harness.agent("A", #""identity_ids":["\#(one.id)"],"block_ids":["\#(first.id)"]"#)
        let replaced = harness.send(
            .patch, "/v1/agents/\(id)", #"{"identity_ids":["\#(two.id)","\#(one.id)"],"block_ids":["\#(second.id)"]}"#).json
        #expect(replaced["identity_ids"]?.strings == [one.id, two.id], "kept links keep their position, new ones follow")
        #expect(replaced["blocks"]?.arrayValue?.compactMap { $0["id"]?.stringValue } == [second.id])
        let cleared = harness.send(.patch, "/v1/agents/\(id)", #"{"identity_ids":[],"block_ids":[],"tags":[]}"#).json
        #expect(cleared["identity_ids"] == [])
        #expect(cleared["identities"] == [])
        #expect(cleared["blocks"] == [])
        #expect(cleared["memory"]?["blocks"] == [])
        #expect(cleared["tags"] == [])
        #expect(try harness.store.block(id: first.id, organizationID: Actor.defaultOrganizationID) != nil)
    }

    @Test func modify_AnswersNotFoundNamingUnknownIDs_AndChangesNothing() throws {
        let harness = try AgentsHarness()
        let id = harness.agent("A", #""tags":["keep"]"#)
        let block = missingID(.block)
        let reply = harness.send(.patch, "/v1/agents/\(id)", #"{"tags":["lost"],"block_ids":["\#(block)"]}"#)
        #expect(reply.status == .notFound)
        #expect(reply.detail == "Block not found: \(block)")
        let identity = missingID(.identity)
        let identities = harness.send(.patch, "/v1/agents/\(id)", #"{"identity_ids":["\#(identity)"]}"#)
        #expect(identities.detail == "Identity not found: \(identity)")
        let tool = "tool-11111111-1111-4111-8111-111111111111"
        #expect(harness.send(.patch, "/v1/agents/\(id)", #"{"tool_ids":["\#(tool)"]}"#).detail == "Tool not found: \(tool)")
        #expect(harness.agentState(id)["tags"] == ["keep"])
    }

    @Test func modify_RederivesLLMConfig_FromModelAndContextWindow() throws {
        let harness = try AgentsHarness()
        let id = harness.agent("A", #""model":"anthropic/claude-3-5-sonnet""#)
        let gpt = harness.send(.patch, "/v1/agents/\(id)", #"{"model":"openai/gpt-5","context_window_limit":64000}"#).json
        #expect(gpt["model"] == "openai/gpt-5")
        #expect(gpt["llm_config"]?["model_endpoint_type"] == "openai")
        #expect(gpt["llm_config"]?["context_window"] == 64000)
        #expect(gpt["llm_config"]?["max_tokens"] == 16384)
        #expect(gpt["llm_config"]?["enable_reasoner"] == true)
        #expect(gpt["llm_config"]?["reasoning_effort"] == "minimal")
        #expect(gpt["llm_config"]?["verbosity"] == "medium")
        #expect(gpt["model_settings"]?["reasoning"] == ["reasoning_effort": "minimal"])
        #expect(gpt["compaction_settings"]?["model"] == "openai/gpt-5-mini")
        #expect(gpt["max_files_open"] == 10)
        #expect(gpt["per_file_view_window_char_limit"] == 25000)

        let window = harness.send(.patch, "/v1/agents/\(id)", #"{"context_window_limit":300000}"#).json
        #expect(window["model"] == "openai/gpt-5")
        #expect(window["llm_config"]?["context_window"] == 300000)
        #expect(window["max_files_open"] == 15)

        let cleared = harness.send(.patch, "/v1/agents/\(id)", #"{"model":"openai/gpt-4o","max_tokens":null}"#).json
        #expect(cleared["llm_config"]?["max_tokens"] == .null)
        #expect(cleared["llm_config"]?["context_window"] == 128000)
        #expect(cleared["model_settings"]?["max_output_tokens"] == 4096)
        let tokens = harness.send(.patch, "/v1/agents/\(id)", #"{"max_tokens":1000,"parallel_tool_calls":true}"#).json
        #expect(tokens["llm_config"]?["max_tokens"] == 1000)
        #expect(tokens["llm_config"]?["parallel_tool_calls"] == true)
        let bad = harness.send(.patch, "/v1/agents/\(id)", #"{"model":"gpt-4o"}"#)
        #expect(bad.status == .badRequest)
        #expect(bad.detail == "INVALID_ARGUMENT: The model handle should be in the format provider/model-name")
    }

    @Test func modify_KeepsExplicitCompactionModel_WhenProviderChanges() throws {
        let harness = try AgentsHarness()
        let id = harness.agent("A", #""model":"anthropic/claude-3-5-sonnet","compaction_settings":{"model":"openai/gpt-4o-mini"}"#)
        let changed = harness.send(.patch, "/v1/agents/\(id)", #"{"model":"google_ai/gemini-2.0-flash"}"#).json
        #expect(changed["compaction_settings"]?["model"] == "openai/gpt-4o-mini")
        let replaced = harness.send(.patch, "/v1/agents/\(id)", #"{"compaction_settings":{"mode":"all"}}"#).json
        #expect(replaced["compaction_settings"]?["model"] == "google_ai/gemini-2.5-flash")
        #expect(replaced["compaction_settings"]?["mode"] == "all")
        #expect(replaced["model_settings"]?["provider_type"] == "google_ai")
        #expect(replaced["model_settings"]?["max_output_tokens"] == 4096)
    }

    @Test func modify_ReplacesEmbeddingAndScalars() throws {
        let harness = try AgentsHarness()
        let id = harness.agent("A", #""embedding":"openai/text-embedding-3-small""#)
        let agent = harness.send(.patch, "/v1/agents/\(id)", #"""
            {"embedding":"openai/text-embedding-3-large","last_run_completion":"2025-06-01T12:34:56.789Z",
             "last_run_duration_ms":1500,"last_stop_reason":"max_steps","timezone":"Asia/Tokyo","hidden":true,
             "max_files_open":4,"per_file_view_window_char_limit":1234,"message_ids":["message-11111111-1111-4111-8111-111111111111"],
             "secrets":{"A":"1","B":"2"},"message_buffer_autoclear":true,"enable_sleeptime":false,"project_id":"p",
             "template_id":"t","base_template_id":"b","response_format":{"type":"json_object"},"tool_rules":[]}
            """#).json
        #expect(agent["embedding_config"]?["embedding_dim"] == 3072)
        #expect(agent["embedding"] == "openai/text-embedding-3-large")
        #expect(agent["last_run_completion"] == "2025-06-01T12:34:56.789000Z")
        #expect(agent["last_run_duration_ms"] == 1500)
        #expect(agent["last_stop_reason"] == "max_steps")
        #expect(agent["timezone"] == "Asia/Tokyo")
        #expect(agent["hidden"] == true)
        #expect(agent["max_files_open"] == 4)
        #expect(agent["per_file_view_window_char_limit"] == 1234)
        #expect(agent["message_ids"] == ["message-11111111-1111-4111-8111-111111111111"])
        #expect(agent["secrets"]?.arrayValue?.compactMap { $0["key"]?.stringValue } == ["A", "B"])
        #expect(agent["message_buffer_autoclear"] == true)
        #expect(agent["enable_sleeptime"] == false)
        #expect(agent["project_id"] == "p")
        #expect(agent["template_id"] == "t")
        #expect(agent["base_template_id"] == "b")
        #expect(agent["response_format"] == ["type": "json_object"])
        #expect(harness.agentState(id) == agent)
        #expect(harness.send(.get, "/v1/agents/count").json == 0)
    }

    @Test func modify_ReportsInvalidBodies() throws {
        let harness = try AgentsHarness()
        let id = harness.agent("A")
        let reply = harness.send(.patch, "/v1/agents/\(id)", #"""
            {"last_run_completion":"yesterday","last_stop_reason":"bored","message_ids":["m"],"tags":[1],
             "embedding":"flat","hidden":"perhaps"}
            """#)
        #expect(reply.status == .unprocessableEntity)
        #expect(Set(reply.issueLocations) == [
            "body.last_run_completion", "body.last_stop_reason", "body.message_ids.0", "body.tags.0", "body.embedding",
            "body.hidden",
        ])
        #expect(harness.send(.patch, "/v1/agents/\(id)", "[1]").status == .unprocessableEntity)
        #expect(harness.send(.patch, "/v1/agents/\(id)", #"{"max_files_open":1001}"#).status == .badRequest)
        let missing = harness.send(.patch, "/v1/agents/\(missingID(.agent))", #"{"name":"x"}"#)
        #expect(missing.status == .notFound)
        #expect(missing.detail == "Agent not found: \(missingID(.agent))")
        #expect(harness.send(.patch, "/v1/agents/nope", #"{"name":"x"}"#).status == .unprocessableEntity)
    }

    @Test func delete_RemovesAgentAndLinks_KeepingBlocksAndIdentities() throws {
        let harness = try AgentsHarness()
        let identity = try harness.makeIdentity("user_1")
        let shared = try harness.makeBlock("shared")
        let created = harness.createAgent(#"""
            {"model":"a/b","tags":["gone-tag"],"identity_ids":["\#(identity.id)"],"block_ids":["\#(shared.id)"],
             "memory_blocks":[{"label":"human","value":"Ada"}]}
            """#)
        let id = try #require(created["id"]?.stringValue)
        let privateBlock = try #require(created["blocks"]?.arrayValue?.last?["id"]?.stringValue)
        let reply = harness.send(.delete, "/v1/agents/\(id)")
        #expect(reply.status == .ok)
        #expect(reply.json == ["message": .string("Agent id=\(id) successfully deleted")])
        #expect(harness.send(.get, "/v1/agents/\(id)").status == .notFound)
        let again = harness.send(.delete, "/v1/agents/\(id)")
        #expect(again.status == .notFound)
        #expect(again.detail == "Agent not found: \(id)")
        let org = Actor.defaultOrganizationID
        #expect(try harness.store.block(id: shared.id, organizationID: org) != nil)
        #expect(try harness.store.block(id: privateBlock, organizationID: org) != nil)
        let stored = try #require(try harness.store.identity(id: identity.id, organizationID: org))
        #expect(stored.agentIDs.isEmpty)
        #expect(harness.send(.get, "/v1/agents/?tags=gone-tag").array.isEmpty)
        #expect(harness.send(.get, "/v1/blocks/\(shared.id)/agents").array.isEmpty)
        #expect(try harness.store.listTags(nameContains: "gone", page: PageRequest(), organizationID: org).isEmpty)
        #expect(harness.send(.delete, "/v1/agents/bad").status == .unprocessableEntity)
    }

    @Test func delete_OfIdentity_LeavesItsAgents() throws {
        let harness = try AgentsHarness()
        let identity = try harness.makeIdentity("user_1")
        let id = harness.agent("A", #""identity_ids":["\#(identity.id)"]"#)
        #expect(try harness.store.deleteIdentity(id: identity.id, organizationID: Actor.defaultOrganizationID))
        let agent = harness.agentState(id)
        #expect(agent["id"] == .string(id))
        #expect(agent["identity_ids"] == [])
        #expect(agent["identities"] == [])
        #expect(harness.send(.get, "/v1/agents/?identifier_keys=user_1").array.isEmpty)
    }
}
