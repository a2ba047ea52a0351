import HTTPKit
import Testing

@testable import IdentityCore
import IdentityTestSupport

/// Two tenants on one server: everything organization A owns is invisible to organization B's
/// key, for every endpoint family (identities, agents, blocks, tags), including sub-lists,
/// cursors, filters, links and writes that name A's ids. B's attempts change nothing of A's.
@Suite("Tenant isolation")
struct TenantIsolationTests {
    /// A server with tenants A and B; A owns a block, an identity linked to it, and an agent
    /// linked to both, with tags on the block and the agent.
    struct Fixture {
        let harness: GatewayHarness
        let a: (organizationID: String, secret: String)
        let b: (organizationID: String, secret: String)
        let blockID: String
        let identityID: String
        let agentID: String

        init() throws {
            harness = try GatewayHarness()
            a = harness.tenant("acme")
            b = harness.tenant("globex")
            let block = harness.send(
                .post, "/v1/blocks/", body: #"{"label":"human","value":"acme secret","tags":["acme-block-tag"]}"#, bearer: a.secret)
            blockID = block.json["id"]?.stringValue ?? ""
            let identity = harness.send(
                .post, "/v1/identities/",
                body: #"{"identifier_key":"alice","name":"Alice","identity_type":"user","block_ids":["\#(blockID)"]}"#,
                bearer: a.secret)
            identityID = identity.json["id"]?.stringValue ?? ""
            let agent = harness.send(
                .post, "/v1/agents/",
                body: #"{"model":"openai/gpt-4o-mini","name":"acme-agent","tags":["acme-agent-tag"],"block_ids":["\#(blockID)"],"identity_ids":["\#(identityID)"]}"#,
                bearer: a.secret)
            agentID = agent.json["id"]?.stringValue ?? ""
            #expect(block.status == 200 && identity.status == 200 && agent.status == 200, "\(agent.text)")
            #expect(identity.json["organization_id"] == .string(a.organizationID))
        }

        func asA(_ method: HTTPMethod, _ target: String, _ body: String? = nil) -> APIResponse {
            harness.send(method, target, body: body, bearer: a.secret)
        }

        func asB(_ method: HTTPMethod, _ target: String, _ body: String? = nil) -> APIResponse {
            harness.send(method, target, body: body, bearer: b.secret)
        }

        /// What A sees of its own objects and lists; compared before and after B's attempts.
        func snapshotOfA() -> [String] {
            [
                "/v1/identities/\(identityID)", "/v1/agents/\(agentID)", "/v1/blocks/\(blockID)",
                "/v1/identities/", "/v1/agents/", "/v1/blocks/", "/v1/tags/", "/v1/identities/count",
                "/v1/agents/count", "/v1/blocks/count", "/v1/identities/\(identityID)/agents",
                "/v1/identities/\(identityID)/blocks", "/v1/blocks/\(blockID)/agents",
                "/v1/agents/\(agentID)/core-memory/blocks",
            ].map { asA(.get, $0).text }
        }
    }

    @Test func secondTenant_ListsAndCountsNothing_OfTheFirst() throws {
        let fixture = try Fixture()
        for path in [
            "/v1/identities/", "/v1/agents/", "/v1/blocks/", "/v1/tags/", "/v1/identities/?identifier_key=alice",
            "/v1/agents/?tags=acme-agent-tag", "/v1/agents/?identifier_keys=alice", "/v1/agents/?identity_id=\(fixture.identityID)",
            "/v1/agents/?name=acme-agent", "/v1/blocks/?label=human", "/v1/blocks/?identity_id=\(fixture.identityID)",
            "/v1/blocks/?identifier_keys=alice", "/v1/blocks/?tags=acme-block-tag", "/v1/tags/?query_text=acme",
            "/v1/identities/?limit=0", "/v1/tags/?after=a",
            // Letta answers [] (not 404) for an unknown block here (docs/reference/letta-api.md §5.7); another tenant's block is unknown.
            "/v1/blocks/\(fixture.blockID)/agents",
        ] {
            let response = fixture.asB(.get, path)
            #expect(response.status == 200, "\(path): \(response.text)")
            #expect(response.json == [], "\(path): \(response.text)")
        }
        for path in ["/v1/identities/count", "/v1/agents/count", "/v1/blocks/count", "/v1/agents/count?tags=acme-agent-tag"] {
            #expect(fixture.asB(.get, path).text == "0", "\(path)")
        }
        #expect(fixture.asA(.get, "/v1/identities/count").text == "1")
        #expect(fixture.asA(.get, "/v1/agents/count").text == "1")
        #expect(fixture.asA(.get, "/v1/blocks/count").text == "1")
        #expect(fixture.asA(.get, "/v1/tags/").json == ["acme-agent-tag", "acme-block-tag"])
    }

    @Test func secondTenant_Gets404_ForEveryReadAndWriteOfTheFirstTenantsObjects() throws {
        let fixture = try Fixture()
        let (identity, agent, block) = (fixture.identityID, fixture.agentID, fixture.blockID)
        let before = fixture.snapshotOfA()
        let attempts: [(HTTPMethod, String, String?)] = [
            (.get, "/v1/identities/\(identity)", nil),
            (.patch, "/v1/identities/\(identity)", #"{"name":"Mallory"}"#),
            (.put, "/v1/identities/\(identity)/properties", #"[{"key":"k","value":"v","type":"string"}]"#),
            (.get, "/v1/identities/\(identity)/agents", nil),
            (.get, "/v1/identities/\(identity)/blocks", nil),
            (.delete, "/v1/identities/\(identity)", nil),
            (.get, "/v1/identities/?after=\(identity)", nil),
            (.get, "/v1/agents/?after=\(agent)", nil),
            (.get, "/v1/blocks/?before=\(block)", nil),
            (.get, "/v1/agents/\(agent)", nil),
            (.patch, "/v1/agents/\(agent)", #"{"name":"hijacked"}"#),
            (.get, "/v1/agents/\(agent)/tools", nil),
            (.patch, "/v1/agents/\(agent)/identities/attach/\(identity)", nil),
            (.patch, "/v1/agents/\(agent)/identities/detach/\(identity)", nil),
            (.get, "/v1/agents/\(agent)/core-memory/blocks", nil),
            (.get, "/v1/agents/\(agent)/core-memory/blocks/human", nil),
            (.patch, "/v1/agents/\(agent)/core-memory/blocks/human", #"{"value":"overwritten"}"#),
            (.patch, "/v1/agents/\(agent)/core-memory/blocks/attach/\(block)", nil),
            (.patch, "/v1/agents/\(agent)/core-memory/blocks/detach/\(block)", nil),
            (.delete, "/v1/agents/\(agent)", nil),
            (.get, "/v1/blocks/\(block)", nil),
            (.patch, "/v1/blocks/\(block)", #"{"value":"overwritten"}"#),
            (.patch, "/v1/blocks/\(block)/identities/attach/\(identity)", nil),
            (.patch, "/v1/blocks/\(block)/identities/detach/\(identity)", nil),
            (.delete, "/v1/blocks/\(block)", nil),
        ]
        for (method, path, body) in attempts {
            let response = fixture.asB(method, path, body)
            #expect(response.status == 404, "\(method) \(path): \(response.status) \(response.text)")
            #expect(response.detail?.isEmpty == false)
        }
        #expect(fixture.snapshotOfA() == before)
    }

    @Test func secondTenant_CannotLinkItsObjectsToTheFirstTenants() throws {
        let fixture = try Fixture()
        let (identity, agent, block) = (fixture.identityID, fixture.agentID, fixture.blockID)
        let before = fixture.snapshotOfA()
        let ownAgent = fixture.asB(.post, "/v1/agents/", #"{"model":"openai/gpt-4o-mini","name":"globex-agent"}"#)
        let ownBlock = fixture.asB(.post, "/v1/blocks/", #"{"label":"persona","value":"globex"}"#)
        let ownIdentity = fixture.asB(.post, "/v1/identities/", #"{"identifier_key":"bob","name":"Bob","identity_type":"user"}"#)
        let (agentB, blockB, identityB) = (ownAgent.json["id"]?.stringValue ?? "", ownBlock.json["id"]?.stringValue ?? "",
                                           ownIdentity.json["id"]?.stringValue ?? "")
        #expect(ownAgent.status == 200 && ownBlock.status == 200 && ownIdentity.status == 200)
        let attempts: [(HTTPMethod, String, String?)] = [
            (.post, "/v1/identities/", #"{"identifier_key":"x","name":"X","identity_type":"user","agent_ids":["\#(agent)"]}"#),
            (.post, "/v1/identities/", #"{"identifier_key":"y","name":"Y","identity_type":"user","block_ids":["\#(block)"]}"#),
            (.patch, "/v1/identities/\(identityB)", #"{"agent_ids":["\#(agent)"]}"#),
            (.patch, "/v1/identities/\(identityB)", #"{"block_ids":["\#(block)"]}"#),
            (.post, "/v1/agents/", #"{"model":"openai/gpt-4o-mini","block_ids":["\#(block)"]}"#),
            (.post, "/v1/agents/", #"{"model":"openai/gpt-4o-mini","identity_ids":["\#(identity)"]}"#),
            (.patch, "/v1/agents/\(agentB)", #"{"block_ids":["\#(block)"]}"#),
            (.patch, "/v1/agents/\(agentB)", #"{"identity_ids":["\#(identity)"]}"#),
            (.patch, "/v1/agents/\(agentB)/identities/attach/\(identity)", nil),
            (.patch, "/v1/agents/\(agentB)/core-memory/blocks/attach/\(block)", nil),
            (.patch, "/v1/blocks/\(blockB)/identities/attach/\(identity)", nil),
            (.patch, "/v1/blocks/\(block)/identities/attach/\(identityB)", nil),
            (.get, "/v1/agents/?identity_id=\(identity)&limit=5", nil),
        ]
        for (method, path, body) in attempts {
            let response = fixture.asB(method, path, body)
            if method == .get {
                #expect(response.json == [], "\(path)")
            } else {
                #expect(response.status == 404, "\(method) \(path): \(response.status) \(response.text)")
            }
        }
        #expect(fixture.asB(.get, "/v1/agents/count").text == "1")
        #expect(fixture.asB(.get, "/v1/identities/count").text == "1")
        #expect(fixture.asB(.get, "/v1/agents/\(agentB)").json["identity_ids"] == [])
        #expect(fixture.asB(.get, "/v1/agents/\(agentB)/core-memory/blocks").json == [])
        #expect(fixture.asB(.get, "/v1/identities/\(identityB)").json["agent_ids"] == [])
        #expect(fixture.snapshotOfA() == before)
    }

    @Test func upsert_WithTheFirstTenantsKey_CreatesTheSecondTenantsOwnIdentity() throws {
        let fixture = try Fixture()
        let upserted = fixture.asB(.put, "/v1/identities/", #"{"identifier_key":"alice","name":"Other Alice","identity_type":"user"}"#)
        #expect(upserted.status == 200)
        #expect(upserted.json["id"] != .string(fixture.identityID))
        #expect(upserted.json["organization_id"] == .string(fixture.b.organizationID))
        #expect(fixture.asA(.get, "/v1/identities/\(fixture.identityID)").json["name"] == "Alice")
        #expect(fixture.asA(.get, "/v1/identities/count").text == "1")
    }

    @Test func userIDHeader_CannotMoveAKeyToAnotherOrganization() throws {
        let fixture = try Fixture()
        for userID in [Actor.defaultUserID, "user-12345678-1234-4234-8234-123456789abc"] {
            let response = fixture.harness.send(
                .get, "/v1/identities/\(fixture.identityID)", bearer: fixture.b.secret, headers: [("user_id", userID)])
            #expect(response.status == 404)
            #expect(fixture.harness.send(.get, "/v1/blocks/", bearer: fixture.b.secret, headers: [("user_id", userID)]).json == [])
        }
    }

    @Test func defaultOrganization_AndTenants_SeeOnlyTheirOwn() throws {
        let fixture = try Fixture()
        let harness = fixture.harness
        #expect(harness.admin(.get, "/v1/identities/\(fixture.identityID)").status == 404)
        #expect(harness.admin(.get, "/v1/blocks/").json == [])
        let defaultBlock = harness.admin(.post, "/v1/blocks/", body: #"{"label":"human","value":"default"}"#)
        let defaultBlockID = try #require(defaultBlock.json["id"]?.stringValue)
        #expect(defaultBlock.status == 200)
        #expect(fixture.asA(.get, "/v1/blocks/\(defaultBlockID)").status == 404)
        #expect(fixture.asB(.get, "/v1/blocks/\(defaultBlockID)").status == 404)
        #expect(fixture.asA(.get, "/v1/blocks/").ids == [fixture.blockID])
        #expect(harness.admin(.get, "/v1/blocks/").ids == [defaultBlockID])
    }

    @Test func openMode_KeysStillSelectTheirOrganization() throws {
        let harness = try GatewayHarness(password: nil)
        let organization = try harness.store.createOrganization(Organization(name: "acme"))
        let secret = APIKeySecret.generate()
        _ = try harness.store.createAPIKey(
            APIKey(organizationID: organization.id, name: nil, secretDigest: APIKeySecret.digest(secret)))
        let created = harness.send(.post, "/v1/blocks/", body: #"{"label":"human","value":"v"}"#, bearer: secret)
        #expect(created.status == 200)
        #expect(harness.send(.get, "/v1/blocks/").json == [])
        #expect(harness.send(.get, "/v1/blocks/", bearer: secret).ids == [created.json["id"]?.stringValue ?? "?"])
    }
}
