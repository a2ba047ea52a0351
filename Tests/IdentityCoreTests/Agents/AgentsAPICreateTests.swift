import HTTPKit
import Testing

@testable import IdentityCore
import IdentityTestSupport

@Suite("AgentsAPI create")
struct AgentsAPICreateTests {
    /// Every AgentState member in Letta's order (docs/reference/letta-api.md §2.3).
    static let agentStateKeys = [
        "created_by_id", "last_updated_by_id", "created_at", "updated_at", "id", "name", "tool_rules", "message_ids",
        "system", "agent_type", "llm_config", "embedding_config", "model", "embedding", "model_settings",
        "compaction_settings", "response_format", "description", "metadata", "memory", "blocks", "tools", "sources",
        "tags", "tool_exec_environment_variables", "secrets", "project_id", "template_id", "base_template_id",
        "deployment_id", "entity_id", "identity_ids", "identities", "pending_approval", "message_buffer_autoclear",
        "enable_sleeptime", "multi_agent_group", "managed_group", "last_run_completion", "last_run_duration_ms",
        "last_stop_reason", "timezone", "max_files_open", "per_file_view_window_char_limit", "hidden",
    ]

    @Test func create_MatchesWorkedExample_WhenSeedPayloadWithIdentityAndTag() throws {
        let harness = try AgentsHarness()
        let identity = try harness.makeIdentity("user_1", name: "Caren")
        let body = #"{"memory_blocks":[],"model":"anthropic/claude-3-5-sonnet-20241022","context_window_limit":200000,"embedding":"openai/text-embedding-3-small","identity_ids":["\#(identity.id)"],"tags":["my_uuid"]}"#
        let agent = harness.createAgent(body)

        #expect(agent.keys == Self.agentStateKeys)
        #expect(agent["created_by_id"] == .string(Actor.defaultUserID))
        #expect(agent["last_updated_by_id"] == .string(Actor.defaultUserID))
        let createdAt = try #require(agent["created_at"]?.stringValue)
        #expect(Timestamp(iso8601: createdAt) != nil && createdAt.hasSuffix("Z"))
        #expect(agent["updated_at"]?.stringValue == createdAt)
        #expect(ObjectID.isValid(agent["id"]?.stringValue ?? "", kind: .agent))
        let name = try #require(agent["name"]?.stringValue)
        #expect(AgentNameGenerator.adjectives.contains { name.hasPrefix($0) && AgentNameGenerator.nouns.contains(String(name.dropFirst($0.count))) })
        #expect(agent["tool_rules"] == [])
        let messageIDs = agent["message_ids"]?.strings ?? []
        #expect(messageIDs.count == 1 && ObjectID.isValid(messageIDs[0], kind: .message))
        #expect(agent["system"] == .string(AgentDefaults.systemPrompt))
        #expect(agent["agent_type"] == "letta_v1_agent")
        #expect(agent["llm_config"] == [
            "model": "claude-3-5-sonnet-20241022", "display_name": nil, "model_endpoint_type": "anthropic",
            "model_endpoint": "https://api.anthropic.com/v1", "provider_name": "anthropic", "provider_category": "base",
            "model_wrapper": nil, "context_window": 200000, "put_inner_thoughts_in_kwargs": false,
            "handle": "anthropic/claude-3-5-sonnet-20241022", "temperature": 1.0, "max_tokens": 16384,
            "enable_reasoner": false, "reasoning_effort": nil, "max_reasoning_tokens": 0, "effort": nil,
            "frequency_penalty": nil, "compatibility_type": nil, "verbosity": nil, "tier": nil,
            "parallel_tool_calls": false, "response_format": nil, "strict": false, "return_logprobs": false,
            "top_logprobs": nil, "return_token_ids": false, "tool_call_parser": nil,
        ])
        #expect(agent["embedding_config"] == [
            "embedding_endpoint_type": "openai", "embedding_endpoint": "https://api.openai.com/v1",
            "embedding_model": "text-embedding-3-small", "embedding_dim": 1536, "embedding_chunk_size": 300,
            "handle": "openai/text-embedding-3-small", "batch_size": 32, "azure_endpoint": nil, "azure_version": nil,
            "azure_deployment": nil,
        ])
        #expect(agent["model"] == "anthropic/claude-3-5-sonnet-20241022")
        #expect(agent["embedding"] == "openai/text-embedding-3-small")
        #expect(agent["model_settings"] == [
            "max_output_tokens": 16384, "parallel_tool_calls": true, "provider_type": "anthropic", "temperature": 1.0,
            "thinking": ["type": "disabled", "budget_tokens": 1024], "response_format": nil, "verbosity": nil,
            "effort": nil, "strict": false,
        ])
        #expect(agent["compaction_settings"] == [
            "model": "anthropic/claude-haiku-4-5", "model_settings": nil, "prompt": nil, "prompt_acknowledgement": false,
            "clip_chars": 50000, "mode": "sliding_window", "sliding_window_percentage": 0.3,
        ])
        #expect(agent["response_format"] == .null)
        #expect(agent["description"] == .null)
        #expect(agent["metadata"] == .null)
        #expect(agent["memory"] == [
            "agent_type": "letta_v1_agent", "git_enabled": false, "blocks": [], "file_blocks": [], "prompt_template": "",
        ])
        #expect(agent["blocks"] == [])
        #expect(agent["tools"] == [])
        #expect(agent["sources"] == [])
        #expect(agent["tags"] == ["my_uuid"])
        #expect(agent["tool_exec_environment_variables"] == [])
        #expect(agent["secrets"] == [])
        for key in ["project_id", "template_id", "base_template_id", "deployment_id", "entity_id"] {
            #expect(agent[key] == .null, "\(key)")
        }
        #expect(agent["identity_ids"] == .array([.string(identity.id)]))
        let identities = agent["identities"]?.arrayValue ?? []
        #expect(identities.count == 1)
        #expect(identities.first?["id"] == .string(identity.id))
        #expect(identities.first?["identifier_key"] == "user_1")
        #expect(identities.first?["name"] == "Caren")
        #expect(identities.first?["agent_ids"] == [], "nested identities do not list their links")
        #expect(identities.first?["block_ids"] == [])
        #expect(identities.first?["organization_id"] == .string(Actor.defaultOrganizationID))
        #expect(identities.first?["properties"] == [])
        #expect(agent["pending_approval"] == .null)
        #expect(agent["message_buffer_autoclear"] == false)
        #expect(agent["enable_sleeptime"] == .null)
        #expect(agent["multi_agent_group"] == .null)
        #expect(agent["managed_group"] == .null)
        #expect(agent["last_run_completion"] == .null)
        #expect(agent["last_run_duration_ms"] == .null)
        #expect(agent["last_stop_reason"] == .null)
        #expect(agent["timezone"] == "UTC")
        #expect(agent["max_files_open"] == 10)
        #expect(agent["per_file_view_window_char_limit"] == 40000)
        #expect(agent["hidden"] == .null)
    }

    @Test func create_ReturnsSameDocument_WhenRetrievedLater() throws {
        let harness = try AgentsHarness()
        let identity = try harness.makeIdentity("user_1")
        let created = harness.createAgent(
            #"{"model":"anthropic/claude-3-5-sonnet","identity_ids":["\#(identity.id)"],"tags":["t"],"memory_blocks":[{"label":"human","value":"Ada"}]}"#)
        let id = try #require(created["id"]?.stringValue)
        #expect(harness.agentState(id) == created)
    }

    @Test func create_UsesLegacyLLMKey_AsModelAlias() throws {
        let harness = try AgentsHarness()
        let agent = harness.createAgent(#"{"memory_blocks":[],"llm":"anthropic/claude-3-5-sonnet-20241022","context_window_limit":200000,"embedding":"openai/text-embedding-3-small"}"#)
        #expect(agent["model"] == "anthropic/claude-3-5-sonnet-20241022")
        #expect(agent["llm_config"]?["context_window"] == 200000)
        #expect(agent["llm_config"]?["model"] == "claude-3-5-sonnet-20241022")
    }

    @Test func create_PrefersModel_WhenBothModelAndLLMGiven() throws {
        let harness = try AgentsHarness()
        let agent = harness.createAgent(#"{"model":"openai/gpt-4o","llm":"anthropic/claude-3-5-haiku"}"#)
        #expect(agent["model"] == "openai/gpt-4o")
    }

    @Test func create_DefaultsContextWindowAndFileLimits_WhenNoLimitGiven() throws {
        let harness = try AgentsHarness()
        let agent = harness.createAgent(#"{"model":"anthropic/claude-3-5-sonnet"}"#)
        #expect(agent["llm_config"]?["context_window"] == 128000)
        #expect(agent["max_files_open"] == 10)
        #expect(agent["per_file_view_window_char_limit"] == 25000)
        #expect(agent["embedding_config"] == .null)
        #expect(agent["embedding"] == .null)
    }

    @Test func create_StoresExplicitFileLimits() throws {
        let harness = try AgentsHarness()
        let agent = harness.createAgent(#"{"model":"a/b","max_files_open":1000,"per_file_view_window_char_limit":7}"#)
        #expect(agent["max_files_open"] == 1000)
        #expect(agent["per_file_view_window_char_limit"] == 7)
    }

    @Test func create_CreatesMemoryBlocks_WithDefaultDescriptionsInAttachmentOrder() throws {
        let harness = try AgentsHarness()
        let existing = try harness.makeBlock("notes", value: "shared", tags: ["b-tag"])
        let agent = harness.createAgent(#"""
            {"model":"a/b","block_ids":["\#(existing.id)"],"memory_blocks":[
              {"label":"human","value":"The human's name is Ada.","tags":["x","x","y"]},
              {"label":"persona","value":"I am\u0000 helpful.","description":"mine","limit":50,"metadata":{"k":1}},
              {"label":"other","unknown_key":true}]}
            """#)
        let blocks = agent["blocks"]?.arrayValue ?? []
        #expect(blocks.map { $0["label"]?.stringValue ?? "" } == ["notes", "human", "persona", "other"])
        #expect(agent["memory"]?["blocks"] == agent["blocks"])
        #expect(blocks[0]["id"] == .string(existing.id))
        #expect(blocks[0]["tags"] == ["b-tag"])
        #expect(blocks[1]["value"] == "The human's name is Ada.")
        #expect(blocks[1]["description"] == .string(Block.defaultDescription(forLabel: "human")!))
        #expect(blocks[1]["tags"] == ["x", "y"])
        #expect(blocks[1]["limit"] == 100000)
        #expect(blocks[1]["created_by_id"] == .string(Actor.defaultUserID))
        #expect(blocks[2]["value"] == "I am helpful.")
        #expect(blocks[2]["description"] == "mine")
        #expect(blocks[2]["limit"] == 50)
        #expect(blocks[2]["metadata"] == ["k": 1])
        #expect(blocks[3]["value"] == "")
        #expect(blocks[3]["description"] == .null)
        #expect(blocks[3]["metadata"] == [:])
        let stored = try #require(try harness.store.block(id: blocks[1]["id"]?.stringValue ?? "", organizationID: Actor.defaultOrganizationID))
        #expect(stored.description == Block.defaultDescription(forLabel: "human"))
    }

    @Test func create_DeduplicatesTagsAndLinks() throws {
        let harness = try AgentsHarness()
        let identity = try harness.makeIdentity("k")
        let block = try harness.makeBlock("l")
        let agent = harness.createAgent(
            #"{"model":"a/b","tags":["b","a","b",""],"identity_ids":["\#(identity.id)","\#(identity.id)"],"block_ids":["\#(block.id)","\#(block.id)"]}"#)
        #expect(agent["tags"] == ["b", "a", ""])
        #expect(agent["identity_ids"] == .array([.string(identity.id)]))
        #expect(agent["blocks"]?.arrayValue?.count == 1)
    }

    @Test func create_HidesSubagents_WhenTaggedRoleSubagent() throws {
        let harness = try AgentsHarness()
        let hidden = harness.createAgent(#"{"model":"a/b","tags":["role:subagent"],"hidden":false}"#)
        #expect(hidden["hidden"] == true)
        let explicit = harness.createAgent(#"{"model":"a/b","hidden":true}"#)
        #expect(explicit["hidden"] == true)
        let visible = harness.createAgent(#"{"model":"a/b","hidden":false}"#)
        #expect(visible["hidden"] == false)
        #expect(harness.send(.get, "/v1/agents/count").json == 1)
        #expect(harness.send(.get, "/v1/agents/count?show_hidden_agents=true").json == 3)
    }

    @Test func create_StoresScalarFieldsAndSecrets() throws {
        let harness = try AgentsHarness()
        let agent = harness.createAgent(#"""
            {"model":"a/b","name":"Zoë O'Brien-Smith_2","system":"Be brief.","description":"d","metadata":{"a":[1,2]},
             "project_id":"p","template_id":"t","base_template_id":"bt","timezone":"Europe/Berlin",
             "enable_sleeptime":true,"message_buffer_autoclear":true,"response_format":{"type":"text"},
             "tool_rules":[{"tool_name":"x","type":"run_first"}],"secrets":{"API_KEY":"s3cret"},
             "agent_type":"memgpt_v2_agent","actor_id":"ignored","unknown":1}
            """#)
        #expect(agent["name"] == "Zoë O'Brien-Smith_2")
        #expect(agent["system"] == "Be brief.")
        #expect(agent["description"] == "d")
        #expect(agent["metadata"] == ["a": [1, 2]])
        #expect(agent["project_id"] == "p")
        #expect(agent["template_id"] == "t")
        #expect(agent["base_template_id"] == "bt")
        #expect(agent["timezone"] == "Europe/Berlin")
        #expect(agent["enable_sleeptime"] == true)
        #expect(agent["message_buffer_autoclear"] == true)
        #expect(agent["response_format"] == ["type": "text"])
        #expect(agent["tool_rules"] == [["tool_name": "x", "type": "run_first"]])
        #expect(agent["agent_type"] == "memgpt_v2_agent")
        #expect(agent["memory"]?["agent_type"] == "memgpt_v2_agent")
        let secrets = agent["secrets"]?.arrayValue ?? []
        #expect(secrets.count == 1)
        #expect(secrets.first?["key"] == "API_KEY")
        #expect(secrets.first?["value"] == "s3cret")
        #expect(secrets.first?["agent_id"] == agent["id"])
        #expect(secrets.first?["id"]?.stringValue?.hasPrefix("agent-env-") == true)
        #expect(agent["tool_exec_environment_variables"] == agent["secrets"])
        let id = try #require(agent["id"]?.stringValue)
        #expect(harness.agentState(id)["secrets"] == agent["secrets"])
    }

    @Test func create_AcceptsEmptyName_AndForcesAutoclearForWorkflowAgents() throws {
        let harness = try AgentsHarness()
        let agent = harness.createAgent(#"{"model":"a/b","name":"","agent_type":"workflow_agent"}"#)
        #expect(agent["name"] == "")
        #expect(agent["message_buffer_autoclear"] == true)
    }

    @Test func create_EnablesGitMemory_WhenTagged() throws {
        let harness = try AgentsHarness()
        let agent = harness.createAgent(#"{"model":"a/b","tags":["git-memory-enabled"]}"#)
        #expect(agent["memory"]?["git_enabled"] == true)
    }

    @Test func create_UsesExplicitConfigs_AsGiven() throws {
        let harness = try AgentsHarness()
        let agent = harness.createAgent(#"""
            {"llm_config":{"model":"my-model","model_endpoint_type":"ollama","context_window":4096,"temperature":0,"model_endpoint":"http://localhost:11434"},
             "embedding_config":{"embedding_endpoint_type":"ollama","embedding_model":"nomic","embedding_dim":768},
             "model":"openai/ignored"}
            """#)
        let llm = try #require(agent["llm_config"]?.objectValue)
        #expect(llm.keys == LLMConfigBuilder.fields.map(\.key))
        #expect(llm["model"] == "my-model")
        #expect(llm["model_endpoint_type"] == "ollama")
        #expect(llm["context_window"] == 4096)
        #expect(llm["temperature"] == 0.0)
        #expect(llm["handle"] == .null)
        #expect(llm["enable_reasoner"] == false)
        #expect(agent["model"] == .null)
        #expect(agent["model_settings"] == .null)
        #expect(agent["compaction_settings"]?["model"] == .null)
        #expect(agent["max_files_open"] == 3)
        #expect(agent["per_file_view_window_char_limit"] == 5000)
        #expect(agent["embedding_config"] == [
            "embedding_endpoint_type": "ollama", "embedding_endpoint": nil, "embedding_model": "nomic",
            "embedding_dim": 768, "embedding_chunk_size": 300, "handle": nil, "batch_size": 32, "azure_endpoint": nil,
            "azure_version": nil, "azure_deployment": nil,
        ])
    }

    @Test func create_DerivesEmbeddingDimensions() throws {
        let harness = try AgentsHarness()
        let large = harness.createAgent(#"{"model":"a/b","embedding":"openai/text-embedding-3-large","embedding_chunk_size":512}"#)
        #expect(large["embedding_config"]?["embedding_dim"] == 3072)
        #expect(large["embedding_config"]?["embedding_chunk_size"] == 512)
        let other = harness.createAgent(#"{"model":"a/b","embedding":"mistral/mistral-embed"}"#)
        #expect(other["embedding_config"]?["embedding_dim"] == 1536)
        #expect(other["embedding_config"]?["embedding_endpoint_type"] == "mistral")
        #expect(other["embedding_config"]?["embedding_endpoint"] == "https://api.mistral.com/v1")
        let unknown = harness.createAgent(#"{"model":"a/b","embedding":"letta/letta-free"}"#)
        #expect(unknown["embedding_config"]?["embedding_endpoint_type"] == "openai")
    }

    @Test func create_AppliesModelSettingsAndCompactionSettings() throws {
        let harness = try AgentsHarness()
        let agent = harness.createAgent(#"""
            {"model":"openai/gpt-4o","model_settings":{"provider_type":"openai","max_output_tokens":2048,"temperature":0.5,"reasoning":{"reasoning_effort":"high"},"strict":true},
             "parallel_tool_calls":true,"compaction_settings":{"mode":"all","clip_chars":null}}
            """#)
        #expect(agent["llm_config"]?["max_tokens"] == 2048)
        #expect(agent["llm_config"]?["temperature"] == 0.5)
        #expect(agent["llm_config"]?["parallel_tool_calls"] == true)
        #expect(agent["model_settings"] == [
            "max_output_tokens": 2048, "parallel_tool_calls": true, "provider_type": "openai", "temperature": 0.5,
            "reasoning": ["reasoning_effort": "high"], "response_format": nil, "strict": true,
        ])
        #expect(agent["compaction_settings"] == [
            "model": "openai/gpt-5-mini", "model_settings": nil, "prompt": nil, "prompt_acknowledgement": false,
            "clip_chars": nil, "mode": "all", "sliding_window_percentage": 0.3,
        ])
    }
}
