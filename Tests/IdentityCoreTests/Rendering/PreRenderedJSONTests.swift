import HTTPKit
import Testing

@testable import IdentityCore
import IdentityTestSupport

/// Responses splice configuration objects and identity properties rendered once per distinct
/// stored text; the spliced output must be byte for byte what writing the values produces.
@Suite("Pre-rendered JSON splicing")
struct PreRenderedJSONTests {
    func rendered(_ agent: Agent) -> String {
        var writer = JSONWriter()
        agent.write(to: &writer)
        return String(decoding: writer.bytes, as: UTF8.self)
    }

    func rendered(_ identity: Identity) -> String {
        var writer = JSONWriter()
        identity.write(to: &writer)
        return String(decoding: writer.bytes, as: UTF8.self)
    }

    /// An agent as a read returns it: through its stored document.
    func storedAgent(
        llmConfig: JSONObject, embedding: JSONObject?, compaction: JSONValue
    ) throws -> Agent {
        var agent = Agent(
            organizationID: "org", name: "n", agentType: "letta_v1_agent", system: "s", llmConfig: llmConfig,
            createdAt: Timestamp(microseconds: 1_700_000_000_000_000))
        agent.embeddingConfig = embedding
        agent.compactionSettings = compaction
        return try AgentDocument.decode(
            AgentDocument.encode(agent), id: agent.id, organizationID: "org", name: "n", system: "s",
            createdAt: agent.createdAt)
    }

    static let llmConfig: JSONObject = [
        "model": "claude-x", "model_endpoint_type": "anthropic", "provider_name": "anthropic",
        "context_window": 200_000, "handle": "anthropic/claude-x", "temperature": 0.7, "max_tokens": 0,
        "enable_reasoner": true, "max_reasoning_tokens": 2048, "note": "quote \" and \u{e9}\n",
    ]

    @Test func agentRender_SplicedEqualsFreshlyWritten_ForStoredConfigs() throws {
        let compaction: JSONValue = ["model": "m", "clip_chars": 50_000, "sliding_window_percentage": 0.3]
        let agent = try storedAgent(
            llmConfig: Self.llmConfig, embedding: ["embedding_model": "e", "embedding_dim": 1536, "handle": "o/e"],
            compaction: compaction)
        #expect(agent.rendered.llmConfig != nil)
        #expect(agent.rendered.embeddingConfig != nil)
        #expect(agent.rendered.compactionSettings != nil)
        var fresh = agent
        fresh.rendered = AgentRenderedConfigs()
        #expect(rendered(agent) == rendered(fresh))
        #expect(rendered(agent).contains(#""thinking":{"type":"enabled","budget_tokens":2048}"#))
    }

    @Test func agentRender_SplicedEqualsFreshlyWritten_WithoutEmbeddingOrCompaction() throws {
        let agent = try storedAgent(llmConfig: ["model_endpoint_type": "openai", "handle": "o/m"], embedding: nil, compaction: .null)
        #expect(agent.rendered.llmConfig != nil)
        #expect(agent.rendered.embeddingConfig == nil)
        #expect(agent.rendered.compactionSettings == nil)
        var fresh = agent
        fresh.rendered = AgentRenderedConfigs()
        #expect(rendered(agent) == rendered(fresh))
        #expect(rendered(agent).contains(#""embedding_config":null"#))
    }

    @Test func agentRender_WritesChangedConfigs_WhenAReadAgentIsModified() throws {
        var agent = try storedAgent(
            llmConfig: Self.llmConfig, embedding: ["embedding_model": "e"], compaction: ["model": "before"])
        agent.llmConfig["model_endpoint_type"] = "openai"
        agent.llmConfig["handle"] = "openai/after"
        agent.embeddingConfig?["embedding_model"] = "e2"
        agent.compactionSettings = ["model": "after"]
        #expect(agent.rendered.llmConfig == nil)
        #expect(agent.rendered.embeddingConfig == nil)
        #expect(agent.rendered.compactionSettings == nil)
        let text = rendered(agent)
        #expect(text.contains(#""handle":"openai/after""#))
        #expect(text.contains(#""model_settings":{"max_output_tokens":4096,"parallel_tool_calls":true,"provider_type":"openai""#))
        #expect(text.contains(#""embedding_config":{"embedding_model":"e2"}"#))
        #expect(text.contains(#""compaction_settings":{"model":"after"}"#))
    }

    @Test func agentRender_SharesOneRendering_ForEqualStoredTexts() throws {
        // The intern table is process-wide and empties itself when full; tests running in
        // parallel can fill it between two decodes, so sharing must show in one of a few tries.
        var shared = false
        for _ in 0..<5 where !shared {
            let first = try storedAgent(llmConfig: Self.llmConfig, embedding: nil, compaction: .null)
            let second = try storedAgent(llmConfig: Self.llmConfig, embedding: nil, compaction: .null)
            let firstBytes = try #require(first.rendered.llmConfig?.config)
            let secondBytes = try #require(second.rendered.llmConfig?.config)
            #expect(firstBytes == secondBytes)
            shared = firstBytes.withUnsafeBufferPointer { $0.baseAddress }
                == secondBytes.withUnsafeBufferPointer { $0.baseAddress }
        }
        #expect(shared, "equal stored texts decode to one shared rendering")
    }

    func storedIdentity(_ properties: [IdentityProperty]) throws -> Identity {
        var identity = Identity(identifierKey: "k", name: "n", identityType: .user, organizationID: "org")
        try StoredJSON.applyProperties(StoredJSON.encodeProperties(properties), to: &identity)
        return identity
    }

    static let properties = [
        IdentityProperty(key: "plan", value: "pro \"x\"", type: .string),
        IdentityProperty(key: "n", value: 1.5, type: .number),
        IdentityProperty(key: "j", value: ["a": [1, true, .null]], type: .json),
    ]

    @Test func identityRender_SplicedEqualsFreshlyWritten_ForStoredProperties() throws {
        for properties in [Self.properties, []] {
            let identity = try storedIdentity(properties)
            #expect(identity.properties == properties)
            #expect(identity.renderedProperties != nil)
            var fresh = identity
            fresh.renderedProperties = nil
            #expect(rendered(identity) == rendered(fresh))
        }
        #expect(rendered(try storedIdentity(Self.properties)).contains(#""properties":[{"key":"plan","value":"pro \"x\"","type":"string"},"#))
    }

    @Test func identityRender_WritesChangedProperties_WhenAReadIdentityIsModified() throws {
        var identity = try storedIdentity(Self.properties)
        identity.properties.append(IdentityProperty(key: "new", value: true, type: .boolean))
        #expect(identity.renderedProperties == nil)
        #expect(rendered(identity).hasSuffix(#"{"key":"new","value":true,"type":"boolean"}]}"#))
        var reread = identity
        try StoredJSON.applyProperties(StoredJSON.encodeProperties(identity.properties), to: &reread)
        #expect(reread.renderedProperties != nil)
        #expect(reread == identity)
    }

    @Test func storedProperties_MalformedText_IsStillAnError() {
        var identity = Identity(identifierKey: "k", name: "n", identityType: .user, organizationID: "org")
        #expect(throws: (any Error).self) { try StoredJSON.applyProperties(#"[{"key":"a"}]"#, to: &identity) }
        #expect(throws: (any Error).self) { try StoredJSON.applyProperties(#"{"key":"a"}"#, to: &identity) }
    }
}
