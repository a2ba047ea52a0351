import HTTPKit
import Testing

@testable import IdentityCore
import IdentityTestSupport

/// Every write that changes what an agent renders, made after the agent's renderings were cached:
/// the next read (by id and through every list that shows it) must answer what a fresh load
/// renders, and by id it must be a miss. Runs on either backend (`IDENTITY_TEST_BACKEND`).
@Suite("Agent rendering cache: invalidation by every write")
struct AgentCacheInvalidationTests {
    /// An agent with two tags, an identity and two blocks (one tagged), read once so it is cached.
    struct Scene {
        let harness: CacheHarness
        let agent: String
        let identity: String
        let block: String
        let otherBlock: String

        init() throws {
            harness = try CacheHarness()
            identity = harness.identity("user_1", name: "Caren")
            block = harness.block("human", value: "likes tea", tags: ["b-tag"])
            otherBlock = harness.block("persona", value: "helpful")
            agent = harness.agent(
                #""name":"Ada","tags":["t1","t2"],"identity_ids":["\#(identity)"],"block_ids":["\#(block)","\#(otherBlock)"]"#)
            harness.expectFresh(agent)
        }

        /// Makes the write, then expects a miss and fresh answers; returns the agent's new state.
        @discardableResult
        func after(
            _ method: HTTPMethod, _ target: String, _ body: String? = nil, sourceLocation: SourceLocation = #_sourceLocation
        ) -> JSONValue {
            harness.write(method, target, body, sourceLocation: sourceLocation)
            harness.expectMiss(agent, sourceLocation: sourceLocation)
            return harness.expectFresh(agent, sourceLocation: sourceLocation)[0]
        }
    }

    @Test(arguments: [
        (#"{"name":"Grace"}"#, "name", JSONValue.string("Grace")),
        (#"{"description":"a description"}"#, "description", .string("a description")),
        (#"{"metadata":{"k":"v"}}"#, "metadata", .object(["k": "v"])),
        (#"{"system":"You are terse."}"#, "system", .string("You are terse.")),
        (#"{"tags":["t3"]}"#, "tags", .array([.string("t3")])),
        (#"{"hidden":false}"#, "hidden", .bool(false)),
        (#"{"timezone":"Europe/Paris"}"#, "timezone", .string("Europe/Paris")),
    ])
    func patchAgentField(body: String, member: String, expected: JSONValue) throws {
        let scene = try Scene()
        let state = scene.after(.patch, "/v1/agents/\(scene.agent)", body)
        #expect(state[member] == expected)
    }

    @Test func patchAgentModel() throws {
        let scene = try Scene()
        let state = scene.after(.patch, "/v1/agents/\(scene.agent)", #"{"model":"openai/gpt-4o"}"#)
        #expect(state["llm_config"]?["model"] == "gpt-4o")
    }

    @Test func patchAgentLinks() throws {
        let scene = try Scene()
        let other = scene.harness.identity("user_2")
        var state = scene.after(.patch, "/v1/agents/\(scene.agent)", #"{"identity_ids":["\#(other)"]}"#)
        #expect(state["identity_ids"]?.strings == [other])
        state = scene.after(.patch, "/v1/agents/\(scene.agent)", #"{"block_ids":["\#(scene.otherBlock)"]}"#)
        #expect(state["blocks"]?.arrayValue?.compactMap { $0["id"]?.stringValue } == [scene.otherBlock])
        state = scene.after(.patch, "/v1/agents/\(scene.agent)", #"{"block_ids":["\#(scene.otherBlock)","\#(scene.block)"]}"#)
        #expect(state["blocks"]?.arrayValue?.compactMap { $0["id"]?.stringValue } == [scene.otherBlock, scene.block])
    }

    @Test func identityLinks_FromTheAgentSide() throws {
        let scene = try Scene()
        var state = scene.after(.patch, "/v1/agents/\(scene.agent)/identities/detach/\(scene.identity)")
        #expect(state["identity_ids"] == [])
        state = scene.after(.patch, "/v1/agents/\(scene.agent)/identities/attach/\(scene.identity)")
        #expect(state["identity_ids"]?.strings == [scene.identity])
    }

    @Test func identityLinks_FromTheIdentitySide() throws {
        let scene = try Scene()
        let other = scene.harness.identity("user_2", name: "Bob")
        // PATCH adds links (docs/reference/letta-api.md §3.6); the upsert replaces them.
        var state = scene.after(.patch, "/v1/identities/\(other)", #"{"agent_ids":["\#(scene.agent)"]}"#)
        #expect(state["identity_ids"]?.strings == [scene.identity, other])
        let upsert = { (agents: String) in
            #"{"identifier_key":"user_2","name":"Bob","identity_type":"user","agent_ids":[\#(agents)]}"#
        }
        state = scene.after(.put, "/v1/identities/", upsert(""))
        #expect(state["identity_ids"]?.strings == [scene.identity])
        state = scene.after(.put, "/v1/identities/", upsert(#""\#(scene.agent)""#))
        #expect(state["identity_ids"]?.strings == [scene.identity, other])
    }

    @Test(arguments: [
        (#"{"name":"Caren B."}"#, "name", JSONValue.string("Caren B.")),
        (#"{"identity_type":"org"}"#, "identity_type", .string("org")),
        (#"{"identifier_key":"user_9"}"#, "identifier_key", .string("user_9")),
        (#"{"properties":[{"key":"plan","value":"pro","type":"string"}]}"#, "properties",
         .array([.object(["key": "plan", "value": "pro", "type": "string"])])),
    ])
    func patchLinkedIdentity(body: String, member: String, expected: JSONValue) throws {
        let scene = try Scene()
        let state = scene.after(.patch, "/v1/identities/\(scene.identity)", body)
        #expect(state["identities"]?.arrayValue?.first?[member] == expected)
    }

    @Test func linkedIdentity_PropertiesAndUpsert() throws {
        let scene = try Scene()
        var state = scene.after(
            .put, "/v1/identities/\(scene.identity)/properties", #"[{"key":"age","value":42,"type":"number"}]"#)
        #expect(state["identities"]?.arrayValue?.first?["properties"]?.arrayValue?.first?["key"] == "age")
        state = scene.after(.put, "/v1/identities/", #"{"identifier_key":"user_1","name":"Caren C.","identity_type":"user"}"#)
        #expect(state["identities"]?.arrayValue?.first?["name"] == "Caren C.")
    }

    @Test(arguments: [
        (#"{"value":"likes coffee"}"#, "value", JSONValue.string("likes coffee")),
        (#"{"label":"human2"}"#, "label", .string("human2")),
        (#"{"limit":12345}"#, "limit", .int(12345)),
        (#"{"description":"who they are"}"#, "description", .string("who they are")),
        (#"{"metadata":{"m":1}}"#, "metadata", .object(["m": 1])),
        (#"{"tags":["b-new"]}"#, "tags", .array([.string("b-new")])),
        (#"{"read_only":true}"#, "read_only", .bool(true)),
    ])
    func patchLinkedBlock(body: String, member: String, expected: JSONValue) throws {
        let scene = try Scene()
        let state = scene.after(.patch, "/v1/blocks/\(scene.block)", body)
        #expect(state["blocks"]?.arrayValue?.first?[member] == expected)
        #expect(state["memory"]?["blocks"]?.arrayValue?.first?[member] == expected)
    }

    @Test func sharedBlock_BumpsEveryAgentUsingIt() throws {
        let scene = try Scene()
        let second = scene.harness.agent(#""name":"Second","block_ids":["\#(scene.block)"]"#)
        scene.harness.expectFresh(second)
        scene.harness.write(.patch, "/v1/blocks/\(scene.block)", #"{"value":"shared news"}"#)
        scene.harness.expectMiss(scene.agent)
        scene.harness.expectMiss(second)
        scene.harness.expectFresh(scene.agent)
        let state = scene.harness.expectFresh(second)[0]
        #expect(state["blocks"]?.arrayValue?.first?["value"] == "shared news")
    }

    @Test func coreMemory_EditAttachDetach() throws {
        let scene = try Scene()
        var state = scene.after(.patch, "/v1/agents/\(scene.agent)/core-memory/blocks/human", #"{"value":"edited in core"}"#)
        #expect(state["blocks"]?.arrayValue?.first?["value"] == "edited in core")
        state = scene.after(.patch, "/v1/agents/\(scene.agent)/core-memory/blocks/detach/\(scene.otherBlock)")
        #expect(state["blocks"]?.arrayValue?.count == 1)
        let third = scene.harness.block("notes", value: "n")
        state = scene.after(.patch, "/v1/agents/\(scene.agent)/core-memory/blocks/attach/\(third)")
        #expect(state["blocks"]?.arrayValue?.compactMap { $0["id"]?.stringValue } == [scene.block, third])
    }

    @Test func deletingLinkedObjects() throws {
        let scene = try Scene()
        var state = scene.after(.delete, "/v1/identities/\(scene.identity)")
        #expect(state["identities"] == [])
        state = scene.after(.delete, "/v1/blocks/\(scene.otherBlock)")
        #expect(state["blocks"]?.arrayValue?.compactMap { $0["id"]?.stringValue } == [scene.block])
    }

    @Test func migrationImporter_UpdatesAndRecreatesUnderTheSameID() throws {
        let scene = try Scene()
        let importer = ObjectImporter(store: scene.harness.store, organizationID: Actor.defaultOrganizationID)
        var stored = try #require(try scene.harness.store.agent(id: scene.agent, organizationID: Actor.defaultOrganizationID))
        stored.name = "Imported"
        stored.tags = ["t1", "imported"]
        #expect(try importer.put(SourceRecord(object: stored, createdAtKnown: true)) == .updated)
        scene.harness.expectMiss(scene.agent)
        var state = scene.harness.expectFresh(scene.agent)[0]
        #expect(state["name"] == "Imported")

        // Deleted and imported again with its id: the old rendering must not come back.
        scene.harness.write(.delete, "/v1/agents/\(scene.agent)")
        #expect(scene.harness.send(.get, "/v1/agents/\(scene.agent)").status == .notFound)
        stored.name = "Reborn"
        #expect(try importer.put(SourceRecord(object: stored, createdAtKnown: true)) == .created)
        scene.harness.expectMiss(scene.agent)
        state = scene.harness.expectFresh(scene.agent)[0]
        #expect(state["name"] == "Reborn")
    }

    @Test func agentFileImport_NewAgentsAppearAndRenderFresh() throws {
        let scene = try Scene()
        let body = AgentFilesHarness.multipart(file: try AgentFilesHarness.realFile("customer_service.af"))
        var headers = HTTPHeaders()
        headers.add(name: "Content-Type", value: "multipart/form-data; boundary=\(AgentFilesHarness.boundary)")
        let response = scene.harness.cached.respond(
            to: HTTPRequest(method: .post, target: "/v1/agents/import", headers: headers, body: body))
        #expect(response.status == .ok)
        let imported = try JSONParser.parse(response.body)["agent_ids"]?.strings ?? []
        #expect(!imported.isEmpty)
        for id in imported {
            scene.harness.expectFresh(id)
            scene.harness.write(.patch, "/v1/agents/\(id)", #"{"name":"renamed import"}"#)
            scene.harness.expectMiss(id)
            #expect(scene.harness.expectFresh(id)[0]["name"] == "renamed import")
        }
        scene.harness.expectFresh(scene.agent)
    }
}
