import HTTPKit
import Testing

@testable import IdentityCore
import IdentityTestSupport

/// The members each SDK generation requires (docs/reference/letta-api.md §9.1, §9.2), with the JSON type it expects.
@Suite("AgentsAPI SDK required fields")
struct AgentsAPISDKFieldsTests {
    enum Kind: String {
        case string, integer, boolean, array, object

        func matches(_ value: JSONValue?) -> Bool {
            switch (self, value) {
            case (.string, .string?), (.integer, .int?), (.boolean, .bool?), (.array, .array?), (.object, .object?): true
            default: false
            }
        }
    }

    static let fernAgent: [(String, Kind)] = [
        ("id", .string), ("name", .string), ("system", .string), ("agent_type", .string), ("llm_config", .object),
        ("embedding_config", .object), ("memory", .object), ("tools", .array), ("sources", .array), ("tags", .array),
    ]
    static let stainlessAgent: [(String, Kind)] = [
        ("id", .string), ("agent_type", .string), ("blocks", .array), ("llm_config", .object), ("memory", .object),
        ("name", .string), ("sources", .array), ("system", .string), ("tags", .array), ("tools", .array),
    ]
    static let llmConfig: [(String, Kind)] = [("model", .string), ("model_endpoint_type", .string), ("context_window", .integer)]
    static let embeddingConfig: [(String, Kind)] = [
        ("embedding_endpoint_type", .string), ("embedding_model", .string), ("embedding_dim", .integer),
    ]
    static let identity: [(String, Kind)] = [
        ("id", .string), ("agent_ids", .array), ("block_ids", .array), ("identifier_key", .string),
        ("identity_type", .string), ("name", .string),
    ]

    func check(_ object: JSONValue?, _ fields: [(String, Kind)], _ what: String) {
        for (key, kind) in fields {
            #expect(kind.matches(object?[key]), "\(what).\(key) should be \(kind.rawValue): \(String(describing: object?[key]))")
        }
    }

    @Test func agentState_CarriesWhatBothSDKGenerationsRequire() throws {
        let harness = try AgentsHarness()
        let identity = try harness.makeIdentity("user_1")
        let created = harness.createAgent(#"""
            {"memory_blocks":[{"label":"human","value":"Ada"}],"model":"anthropic/claude-3-5-sonnet-20241022",
             "context_window_limit":200000,"embedding":"openai/text-embedding-3-small","identity_ids":["\#(identity.id)"]}
            """#)
        let id = try #require(created["id"]?.stringValue)
        let responses: [JSONValue?] = [
            created, harness.agentState(id), harness.send(.get, "/v1/agents/?identifier_keys=user_1").array.first,
            harness.send(.patch, "/v1/agents/\(id)", #"{"description":"x"}"#).json,
        ]
        for agent in responses {
            check(agent, Self.fernAgent, "fern AgentState")
            check(agent, Self.stainlessAgent, "stainless AgentState")
            check(agent?["llm_config"], Self.llmConfig, "LlmConfig")
            check(agent?["embedding_config"], Self.embeddingConfig, "EmbeddingConfig")
            #expect(Kind.string.matches(agent?["compaction_settings"]?["model"]))
            #expect(Kind.array.matches(agent?["memory"]?["blocks"]))
            for block in agent?["blocks"]?.arrayValue ?? [] {
                check(block, [("value", .string), ("id", .string)], "Block")
            }
            for nested in agent?["identities"]?.arrayValue ?? [] {
                check(nested, Self.identity, "Identity")
            }
            for key in ["created_at", "updated_at"] {
                #expect(agent?[key]?.stringValue.flatMap { Timestamp(iso8601: $0) } != nil, "\(key)")
            }
        }
        let blocks = harness.send(.get, "/v1/agents/\(id)/core-memory/blocks").array
        for block in blocks { check(block, [("value", .string), ("id", .string)], "BlockResponse") }
    }
}
