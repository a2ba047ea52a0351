import HTTPKit
import Testing

@testable import IdentityCore
import IdentityTestSupport

/// Every way `POST /v1/agents/` refuses a request: the 422s collected together, then the 400s
/// and 404s in Letta's order, with nothing written.
@Suite("AgentsAPI create validation")
struct AgentsAPICreateValidationTests {
    @Test func create_AnswersBadRequest_WhenModelMissingOrMalformed() throws {
        let harness = try AgentsHarness()
        let missing = "INVALID_ARGUMENT: Must specify either model or llm_config in request"
        for body in [#"{}"#, #"{"memory_blocks":[],"embedding":"openai/text-embedding-3-small"}"#, #"{"model":null}"#] {
            let reply = harness.send(.post, "/v1/agents/", body)
            #expect(reply.status == .badRequest)
            #expect(reply.detail == missing)
        }
        for model in ["gpt-4o-mini", "/gpt", "openai/", ""] {
            let reply = harness.send(.post, "/v1/agents/", #"{"model":"\#(model)"}"#)
            #expect(reply.status == .badRequest, "\(model)")
            #expect(reply.detail == "INVALID_ARGUMENT: The model handle should be in the format provider/model-name")
        }
    }

    @Test func create_AnswersBadRequest_ForLimitsInDeclarationOrder() throws {
        let harness = try AgentsHarness()
        let files = harness.send(.post, "/v1/agents/", #"{"model":"a/b","max_files_open":1001,"per_file_view_window_char_limit":2147483648}"#)
        #expect(files.status == .badRequest)
        #expect(files.detail == "INVALID_ARGUMENT: max_files_open cannot exceed 1000. Got: 1001")
        let window = harness.send(.post, "/v1/agents/", #"{"model":"a/b","per_file_view_window_char_limit":2147483648}"#)
        #expect(window.detail == "INVALID_ARGUMENT: per_file_view_window_char_limit cannot exceed 2147483647. Got: 2147483648")
        let handleFirst = harness.send(.post, "/v1/agents/", #"{"model":"nohandle","max_files_open":5000}"#)
        #expect(handleFirst.detail == "INVALID_ARGUMENT: The model handle should be in the format provider/model-name")
        let reasoning = harness.send(.post, "/v1/agents/", #"{"model":"a/b","max_reasoning_tokens":0}"#)
        #expect(reasoning.status == .badRequest)
        #expect(reasoning.detail == "INVALID_ARGUMENT: Max reasoning tokens (0) must be less than max tokens (None)")
        let tooMany = harness.send(.post, "/v1/agents/", #"{"model":"a/b","max_reasoning_tokens":10,"max_tokens":5}"#)
        #expect(tooMany.detail == "INVALID_ARGUMENT: Max reasoning tokens (10) must be less than max tokens (5)")
        let fine = harness.createAgent(#"{"model":"anthropic/claude-sonnet-4","max_reasoning_tokens":2000,"max_tokens":8000}"#)
        #expect(fine["llm_config"]?["max_reasoning_tokens"] == 2000)
        #expect(fine["llm_config"]?["max_tokens"] == 8000)
    }

    @Test func create_RejectsTools_WhenNoneExist() throws {
        let harness = try AgentsHarness()
        let names = harness.send(.post, "/v1/agents/", #"{"model":"a/b","tools":["web_search","web_search","run"]}"#)
        #expect(names.status == .badRequest)
        #expect(names.detail == "Tools not found by name: {'web_search', 'run'}")
        let toolID = "tool-11111111-1111-4111-8111-111111111111"
        let ids = harness.send(.post, "/v1/agents/", #"{"model":"a/b","tool_ids":["\#(toolID)"]}"#)
        #expect(ids.status == .notFound)
        #expect(ids.detail == "Tool not found: \(toolID)")
        let sourceID = "source-11111111-1111-4111-8111-111111111111"
        let sources = harness.send(.post, "/v1/agents/", #"{"model":"a/b","folder_ids":["\#(sourceID)"]}"#)
        #expect(sources.status == .notFound)
        #expect(sources.detail == "Source not found: \(sourceID)")
        #expect(harness.createAgent(#"{"model":"a/b","tools":[],"tool_ids":[],"source_ids":null}"#)["tools"] == [])
    }

    @Test func create_AnswersNotFoundNamingMissingIDs_AndWritesNothing() throws {
        let harness = try AgentsHarness()
        let identity = try harness.makeIdentity("k")
        let missing = missingID(.identity)
        let reply = harness.send(
            .post, "/v1/agents/",
            #"{"model":"a/b","identity_ids":["\#(identity.id)","\#(missing)"],"memory_blocks":[{"label":"human","value":"x"}]}"#)
        #expect(reply.status == .notFound)
        #expect(reply.detail == "Identity not found: \(missing)")
        #expect(try harness.store.countBlocks(BlockFilter(isTemplate: nil, includeHidden: true), organizationID: Actor.defaultOrganizationID) == 0)
        #expect(harness.send(.get, "/v1/agents/count?show_hidden_agents=true").json == 0)

        let block = missingID(.block)
        let blocks = harness.send(.post, "/v1/agents/", #"{"model":"a/b","block_ids":["\#(block)"]}"#)
        #expect(blocks.status == .notFound)
        #expect(blocks.detail == "Block not found: \(block)")
    }

    @Test func create_AnswersConflict_WhenTwoBlocksShareALabel() throws {
        let harness = try AgentsHarness()
        let reply = harness.send(
            .post, "/v1/agents/", #"{"model":"a/b","memory_blocks":[{"label":"human","value":"1"},{"label":"human","value":"2"}]}"#)
        #expect(reply.status == .conflict)
        #expect(harness.send(.get, "/v1/agents/count").json == 0)
    }

    @Test func create_CollectsEveryValidationIssue() throws {
        let harness = try AgentsHarness()
        let reply = harness.send(.post, "/v1/agents/", #"""
            {"model":"nohandle","name":"bad/name","identity_ids":["user_1",7,"identity-123e4567-e89b-12d3-a456-426614174000"],
             "tags":"a","memory_blocks":[{"value":"x"}],"embedding":"nohandle","agent_type":"robot",
             "max_files_open":"many","block_ids":["block-abc"],"metadata":[1],"enable_reasoner":"maybe"}
            """#)
        #expect(reply.status == .unprocessableEntity)
        #expect(reply.json["trace_id"] == "")
        #expect(reply.issueLocations == [
            "body.name", "body.block_ids.0", "body.identity_ids.0", "body.identity_ids.1", "body.identity_ids.2",
            "body.tags", "body.metadata", "body.embedding", "body.max_files_open", "body.memory_blocks.0.label",
            "body.agent_type", "body.enable_reasoner",
        ])
        #expect(reply.issueTypes == [
            "value_error", "string_too_short", "string_too_short", "string_type", "string_pattern_mismatch",
            "list_type", "model_attributes_type", "value_error", "int_parsing", "missing", "enum", "bool_parsing",
        ])
        let issues = reply.json["detail"]?.arrayValue ?? []
        #expect(issues[0]["msg"]?.stringValue?.contains("Agent name 'bad/name' contains invalid characters") == true)
        #expect(issues[2]["msg"] == "String should have at least 45 characters")
        #expect(issues[2]["ctx"] == ["min_length": 45])
    }

    @Test func create_RejectsInvalidNames_AndAcceptsUnicodeLetters() throws {
        let harness = try AgentsHarness()
        for name in ["bad/name", "a:b", "tab\\there", "star*", "emoji 🙂"] {
            let reply = harness.send(.post, "/v1/agents/", #"{"model":"a/b","name":"\#(name)"}"#)
            #expect(reply.status == .unprocessableEntity, "\(name)")
            #expect(reply.issueLocations == ["body.name"])
        }
        for name in ["日本語のエージェント", "Ελληνικά 2", "x_y-z 'q'"] {
            #expect(harness.createAgent(#"{"model":"a/b","name":"\#(name)"}"#)["name"] == .string(name))
        }
    }

    @Test func create_AnswersUnprocessable_ForBadBodies() throws {
        let harness = try AgentsHarness()
        let invalid = harness.send(.post, "/v1/agents/", "{")
        #expect(invalid.status == .unprocessableEntity)
        #expect(invalid.issueTypes == ["json_invalid"])
        let array = harness.send(.post, "/v1/agents/", "[]")
        #expect(array.issueTypes == ["model_attributes_type"])
        let empty = harness.send(.post, "/v1/agents/")
        #expect(empty.issueTypes == ["missing"])
        let voice = harness.send(.post, "/v1/agents/", #"{"model":"a/b","agent_type":"voice_convo_agent"}"#)
        #expect(voice.status == .unprocessableEntity)
        #expect(voice.issueLocations == ["body"])
        #expect(harness.createAgent(#"{"model":"a/b","agent_type":"voice_convo_agent","enable_sleeptime":true}"#)["agent_type"]
            == "voice_convo_agent")
        let llm = harness.send(.post, "/v1/agents/", #"{"llm_config":{"model":"m","context_window":"big","model_endpoint_type":"nope"}}"#)
        #expect(llm.issueLocations == ["body.llm_config.model_endpoint_type", "body.llm_config.context_window"])
        let missing = harness.send(.post, "/v1/agents/", #"{"llm_config":{}}"#)
        #expect(missing.issueLocations == ["body.llm_config.model", "body.llm_config.model_endpoint_type", "body.llm_config.context_window"])
    }

    @Test func create_AnswersBadRequest_ForMalformedUserHeader() throws {
        let harness = try AgentsHarness()
        let reply = harness.send(.post, "/v1/agents/", #"{"model":"a/b"}"#, headers: ["user_id": "bob"])
        #expect(reply.status == .badRequest)
        #expect(reply.detail == "INVALID_ARGUMENT: Invalid user ID format: bob. Expected format: 'user-<uuid4>'")
    }
}
