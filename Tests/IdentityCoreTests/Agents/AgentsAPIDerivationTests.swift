import HTTPKit
import Testing

@testable import IdentityCore
import IdentityTestSupport

@Suite("AgentsAPI config derivation")
struct AgentsAPIDerivationTests {
    struct Case: CustomStringConvertible, Sendable {
        let handle: String
        let endpointType: String
        let endpoint: String
        let maxTokens: Int64
        let enableReasoner: Bool
        let maxReasoningTokens: Int64
        let reasoningEffort: String?
        let effort: String?
        let verbosity: String?

        var description: String { handle }
    }

    static let cases: [Case] = [
        Case(handle: "anthropic/claude-3-5-sonnet-20241022", endpointType: "anthropic", endpoint: "https://api.anthropic.com/v1",
             maxTokens: 16384, enableReasoner: false, maxReasoningTokens: 0, reasoningEffort: nil, effort: nil, verbosity: nil),
        Case(handle: "anthropic/claude-3-5-haiku", endpointType: "anthropic", endpoint: "https://api.anthropic.com/v1",
             maxTokens: 8192, enableReasoner: false, maxReasoningTokens: 0, reasoningEffort: nil, effort: nil, verbosity: nil),
        Case(handle: "anthropic/claude-sonnet-4-20250514", endpointType: "anthropic", endpoint: "https://api.anthropic.com/v1",
             maxTokens: 16384, enableReasoner: true, maxReasoningTokens: 1024, reasoningEffort: nil, effort: nil, verbosity: nil),
        Case(handle: "anthropic/claude-opus-4-5", endpointType: "anthropic", endpoint: "https://api.anthropic.com/v1",
             maxTokens: 16384, enableReasoner: true, maxReasoningTokens: 1024, reasoningEffort: nil, effort: "medium", verbosity: nil),
        Case(handle: "anthropic/claude-sonnet-4-6", endpointType: "anthropic", endpoint: "https://api.anthropic.com/v1",
             maxTokens: 21000, enableReasoner: true, maxReasoningTokens: 0, reasoningEffort: nil, effort: "medium", verbosity: nil),
        Case(handle: "openai/gpt-4o-mini", endpointType: "openai", endpoint: "https://api.openai.com/v1",
             maxTokens: 16384, enableReasoner: false, maxReasoningTokens: 0, reasoningEffort: nil, effort: nil, verbosity: nil),
        Case(handle: "openai/gpt-5", endpointType: "openai", endpoint: "https://api.openai.com/v1",
             maxTokens: 16384, enableReasoner: true, maxReasoningTokens: 0, reasoningEffort: "minimal", effort: nil, verbosity: "medium"),
        Case(handle: "openai/gpt-5.2", endpointType: "openai", endpoint: "https://api.openai.com/v1",
             maxTokens: 128000, enableReasoner: true, maxReasoningTokens: 0, reasoningEffort: "none", effort: nil, verbosity: "medium"),
        Case(handle: "openai/gpt-5.2-chat", endpointType: "openai", endpoint: "https://api.openai.com/v1",
             maxTokens: 16384, enableReasoner: true, maxReasoningTokens: 0, reasoningEffort: "none", effort: nil, verbosity: "medium"),
        Case(handle: "openai/gpt-5-codex", endpointType: "openai", endpoint: "https://api.openai.com/v1",
             maxTokens: 16384, enableReasoner: true, maxReasoningTokens: 0, reasoningEffort: "medium", effort: nil, verbosity: "medium"),
        Case(handle: "openai/o3-mini", endpointType: "openai", endpoint: "https://api.openai.com/v1",
             maxTokens: 16384, enableReasoner: true, maxReasoningTokens: 0, reasoningEffort: "medium", effort: nil, verbosity: nil),
        Case(handle: "google_ai/gemini-2.5-pro", endpointType: "google_ai", endpoint: "https://api.google_ai.com/v1",
             maxTokens: 4096, enableReasoner: true, maxReasoningTokens: 1024, reasoningEffort: nil, effort: nil, verbosity: nil),
        Case(handle: "google_ai/gemini-2.5-flash", endpointType: "google_ai", endpoint: "https://api.google_ai.com/v1",
             maxTokens: 4096, enableReasoner: true, maxReasoningTokens: 1024, reasoningEffort: nil, effort: nil, verbosity: nil),
        Case(handle: "zai/glm-4.6", endpointType: "zai", endpoint: "https://api.zai.com/v1",
             maxTokens: 4096, enableReasoner: true, maxReasoningTokens: 0, reasoningEffort: nil, effort: nil, verbosity: nil),
        Case(handle: "zai/glm-4", endpointType: "zai", endpoint: "https://api.zai.com/v1",
             maxTokens: 4096, enableReasoner: false, maxReasoningTokens: 0, reasoningEffort: nil, effort: nil, verbosity: nil),
        Case(handle: "groq/llama-3.3-70b", endpointType: "groq", endpoint: "https://api.groq.com/v1",
             maxTokens: 4096, enableReasoner: false, maxReasoningTokens: 0, reasoningEffort: nil, effort: nil, verbosity: nil),
        Case(handle: "letta/letta-free", endpointType: "openai", endpoint: "https://api.openai.com/v1",
             maxTokens: 16384, enableReasoner: false, maxReasoningTokens: 0, reasoningEffort: nil, effort: nil, verbosity: nil),
        Case(handle: "together/meta/llama-3-70b", endpointType: "together", endpoint: "https://api.together.com/v1",
             maxTokens: 4096, enableReasoner: false, maxReasoningTokens: 0, reasoningEffort: nil, effort: nil, verbosity: nil),
    ]

    @Test(arguments: cases)
    func create_DerivesLLMConfig_FromAnyHandle(_ expected: Case) throws {
        let harness = try AgentsHarness()
        let agent = harness.createAgent(#"{"model":"\#(expected.handle)"}"#)
        let config = try #require(agent["llm_config"]?.objectValue)
        let handle = try #require(ModelHandle(expected.handle))
        #expect(config.keys == LLMConfigBuilder.fields.map(\.key))
        #expect(config["model"] == .string(handle.model))
        #expect(config["handle"] == .string(expected.handle))
        #expect(config["provider_name"] == .string(handle.provider))
        #expect(config["model_endpoint_type"] == .string(expected.endpointType))
        #expect(config["model_endpoint"] == .string(expected.endpoint))
        #expect(config["context_window"] == 128000)
        #expect(config["max_tokens"] == .int(expected.maxTokens))
        #expect(config["enable_reasoner"] == .bool(expected.enableReasoner))
        #expect(config["put_inner_thoughts_in_kwargs"] == false)
        #expect(config["max_reasoning_tokens"] == .int(expected.maxReasoningTokens))
        #expect(config["reasoning_effort"] == (expected.reasoningEffort.map(JSONValue.string) ?? .null))
        #expect(config["effort"] == (expected.effort.map(JSONValue.string) ?? .null))
        #expect(config["verbosity"] == (expected.verbosity.map(JSONValue.string) ?? .null))
    }

    @Test func create_TurnsReasoningOff_WhenRequested() throws {
        let harness = try AgentsHarness()
        let off = harness.createAgent(#"{"model":"anthropic/claude-sonnet-4","reasoning":false}"#)
        #expect(off["llm_config"]?["enable_reasoner"] == false)
        #expect(off["llm_config"]?["max_reasoning_tokens"] == 0)
        #expect(off["model_settings"]?["thinking"] == ["type": "disabled", "budget_tokens": 1024])
        let disabled = harness.createAgent(#"{"model":"anthropic/claude-sonnet-4","enable_reasoner":false}"#)
        #expect(disabled["llm_config"]?["enable_reasoner"] == false)
        let on = harness.createAgent(#"{"model":"anthropic/claude-sonnet-4"}"#)
        #expect(on["model_settings"]?["thinking"] == ["type": "enabled", "budget_tokens": 1024])
        let openAIAlways = harness.createAgent(#"{"model":"openai/o4-mini","reasoning":false}"#)
        #expect(openAIAlways["llm_config"]?["enable_reasoner"] == true)
    }

    @Test func modelSettings_FollowTheEndpointType() throws {
        let harness = try AgentsHarness()
        let google = harness.createAgent(#"{"model":"google_vertex/gemini-2.5-pro"}"#)["model_settings"]
        #expect(google == [
            "max_output_tokens": 4096, "parallel_tool_calls": true, "provider_type": "google_vertex", "temperature": 1.0,
            "thinking_config": ["include_thoughts": true, "thinking_budget": 1024], "response_schema": nil,
        ])
        let groq = harness.createAgent(#"{"model":"groq/llama"}"#)["model_settings"]
        #expect(groq == [
            "max_output_tokens": 4096, "parallel_tool_calls": true, "provider_type": "groq", "temperature": 1.0,
            "response_format": nil,
        ])
        let zai = harness.createAgent(#"{"model":"zai_coding/glm-4.5"}"#)["model_settings"]
        #expect(zai?["provider_type"] == "zai")
        #expect(zai?["thinking"] == ["type": "enabled", "clear_thinking": false])
        let baseten = harness.createAgent(#"{"model":"baseten/x"}"#)["model_settings"]
        #expect(baseten?.keys == ["max_output_tokens", "parallel_tool_calls", "provider_type", "temperature"])
        let oauth = harness.createAgent(#"{"model":"chatgpt_oauth/gpt-4.1"}"#)["model_settings"]
        #expect(oauth?["reasoning"] == ["reasoning_effort": "medium"])
        #expect(harness.createAgent(#"{"model":"ollama/llama3"}"#)["model_settings"] == .null)
        let compaction = harness.createAgent(#"{"model":"ollama/llama3"}"#)["compaction_settings"]
        #expect(compaction?["model"] == "ollama/llama3")
        let letta = harness.createAgent(#"{"model":"letta/letta-free"}"#)["compaction_settings"]
        #expect(letta?["model"] == "letta/auto")
    }

    @Test func fileLimits_FollowTheContextWindow() {
        #expect(AgentDefaults.fileLimits(contextWindow: 8000) == (3, 5000))
        #expect(AgentDefaults.fileLimits(contextWindow: 8001) == (5, 15000))
        #expect(AgentDefaults.fileLimits(contextWindow: 32000) == (5, 15000))
        #expect(AgentDefaults.fileLimits(contextWindow: 128000) == (10, 25000))
        #expect(AgentDefaults.fileLimits(contextWindow: 200000) == (10, 40000))
        #expect(AgentDefaults.fileLimits(contextWindow: 200001) == (15, 40000))
        #expect(AgentDefaults.fileLimits(contextWindow: nil) == (5, 50000))
    }

    @Test func modelHandle_SplitsAtTheFirstSlash() {
        #expect(ModelHandle("together/meta/llama")?.provider == "together")
        #expect(ModelHandle("together/meta/llama")?.model == "meta/llama")
        #expect(ModelHandle("nope") == nil)
        #expect(ModelHandle("/x") == nil)
        #expect(ModelHandle("x/") == nil)
    }

    @Test func timestampParsing_AcceptsISO8601Forms() {
        #expect(Timestamp(iso8601: "2025-06-01T12:34:56Z")?.iso8601 == "2025-06-01T12:34:56Z")
        #expect(Timestamp(iso8601: "2025-06-01T12:34:56.789012Z")?.iso8601 == "2025-06-01T12:34:56.789012Z")
        #expect(Timestamp(iso8601: "2025-06-01T12:34:56.5")?.iso8601 == "2025-06-01T12:34:56.500000Z")
        #expect(Timestamp(iso8601: "2025-06-01 12:34:56+02:00")?.iso8601 == "2025-06-01T10:34:56Z")
        #expect(Timestamp(iso8601: "2025-06-01T00:30:00-0130")?.iso8601 == "2025-06-01T02:00:00Z")
        #expect(Timestamp(iso8601: "2024-02-29T00:00:00Z") != nil)
        #expect(Timestamp(iso8601: "1969-12-31T23:59:59.999999Z")?.microseconds == -1)
        for bad in ["2025-06-01", "2025-02-30T00:00:00Z", "2023-02-29T00:00:00Z", "2025-13-01T00:00:00Z",
                    "2025-06-01T24:00:00Z", "2025-06-01T12:34:56.1234567Z", "2025-06-01T12:34:56.Z",
                    "2025-06-01T12:34:56Zjunk", "yesterday", ""] {
            #expect(Timestamp(iso8601: bad) == nil, "\(bad)")
        }
    }

    @Test func nameGenerator_CombinesAdjectiveAndNoun() {
        #expect(AgentNameGenerator.adjectives.count >= 50 && AgentNameGenerator.nouns.count >= 50)
        for _ in 0..<20 {
            let name = AgentNameGenerator.make()
            #expect(AgentCommonFields.isValidName(name))
            #expect(AgentNameGenerator.adjectives.contains { name.hasPrefix($0) })
        }
    }
}
