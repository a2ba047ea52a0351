import HTTPKit
import Testing

@testable import IdentityCore
import IdentityTestSupport

@Suite("AgentsAPI identity links and sub-lists")
struct AgentsAPILinkTests {
    @Test func attachIdentity_ShowsOnBothSides_AndIsIdempotent() throws {
        let harness = try AgentsHarness()
        let identity = try harness.makeIdentity("user_1")
        let id = harness.agent("Seed", #""tags":["seed-tag"]"#)
        let path = "/v1/agents/\(id)/identities/attach/\(identity.id)"
        for _ in 0..<2 {
            let reply = harness.send(.patch, path)
            #expect(reply.status == .ok)
            #expect(reply.text == "null")
        }
        #expect(harness.agentState(id)["identity_ids"] == .array([.string(identity.id)]))
        #expect(harness.send(.get, "/v1/identities/\(identity.id)/agents").ids == [id])
        #expect(harness.send(.get, "/v1/agents/?identifier_keys=user_1").ids == [id])
        #expect(try harness.store.identity(id: identity.id, organizationID: Actor.defaultOrganizationID)?.agentIDs == [id])

        for _ in 0..<2 {
            let reply = harness.send(.patch, "/v1/agents/\(id)/identities/detach/\(identity.id)")
            #expect(reply.status == .ok)
            #expect(reply.text == "null")
        }
        #expect(harness.agentState(id)["identity_ids"] == [])
        #expect(harness.send(.get, "/v1/identities/\(identity.id)/agents").array.isEmpty)
        #expect(harness.send(.get, "/v1/agents/?identifier_keys=user_1").array.isEmpty)
    }

    @Test func nestedIdentities_DoNotListTheirLinks() throws {
        let harness = try AgentsHarness()
        let identity = try harness.makeIdentity("org", name: "Org")
        let ids = (0..<3).map { harness.agent("A\($0)", #""identity_ids":["\#(identity.id)"]"#) }
        #expect(try harness.store.identity(id: identity.id, organizationID: Actor.defaultOrganizationID)?.agentIDs == ids)
        for agent in harness.send(.get, "/v1/agents/?identifier_keys=org").array {
            let nested = agent["identities"]?.arrayValue?.first
            #expect(nested?["id"] == .string(identity.id))
            #expect(nested?["name"] == "Org")
            #expect(nested?["agent_ids"] == [])
            #expect(nested?["block_ids"] == [])
        }
    }

    @Test func attachIdentity_ChecksIdentityFirst() throws {
        let harness = try AgentsHarness()
        let identity = try harness.makeIdentity("user_1")
        let id = harness.agent("A")
        let malformed = harness.send(.patch, "/v1/agents/\(id)/identities/attach/user_1")
        #expect(malformed.status == .badRequest)
        #expect(malformed.detail == "INVALID_ARGUMENT: Invalid identity ID format: user_1. Expected format: 'identity-<uuid4>'")
        let unknownIdentity = harness.send(.patch, "/v1/agents/\(missingID(.agent))/identities/attach/\(missingID(.identity))")
        #expect(unknownIdentity.status == .notFound)
        #expect(unknownIdentity.detail == "Identity not found: \(missingID(.identity))")
        let unknownAgent = harness.send(.patch, "/v1/agents/\(missingID(.agent))/identities/detach/\(identity.id)")
        #expect(unknownAgent.status == .notFound)
        #expect(unknownAgent.detail == "Agent not found: \(missingID(.agent))")
        #expect(harness.send(.patch, "/v1/agents/bad/identities/attach/\(identity.id)").status == .unprocessableEntity)
        #expect(harness.send(.post, "/v1/agents/\(id)/identities/attach/\(identity.id)").status == .methodNotAllowed)
    }

    @Test func identityAgents_ListsLinkedAgentsWithHidden_InStrictPages() throws {
        let harness = try AgentsHarness()
        let identity = try harness.makeIdentity("user_1")
        let other = try harness.makeIdentity("user_2")
        let linked = (0..<5).map { index in
            harness.agent("L\(index)", index == 2 ? #""identity_ids":["\#(identity.id)"],"hidden":true"# : #""identity_ids":["\#(identity.id)"]"#)
        }
        let unlinked = harness.agent("U", #""identity_ids":["\#(other.id)"]"#)
        let base = "/v1/identities/\(identity.id)/agents"
        let newestFirst = Array(linked.reversed())
        #expect(harness.send(.get, base).ids == newestFirst)
        #expect(harness.send(.get, base + "?order=asc").ids == linked)
        #expect(harness.send(.get, base + "?limit=2").ids == Array(newestFirst[0..<2]))
        #expect(harness.send(.get, base + "?limit=2&after=\(newestFirst[1])").ids == Array(newestFirst[2..<4]))
        #expect(harness.send(.get, base + "?order=asc&limit=2&after=\(linked[1])").ids == Array(linked[2..<4]))
        #expect(harness.send(.get, base + "?order=asc&before=\(linked[3])").ids == Array(linked[0..<3]))
        #expect(harness.send(.get, base + "?limit=0").ids == newestFirst)
        #expect(harness.send(.get, base + "?order=asc&after=\(linked[0])&before=\(linked[4])").ids == Array(linked[1..<4]))
        #expect(harness.send(.get, base + "?order=desc&after=\(linked[0])&before=\(linked[4])").ids == Array(linked[1..<4].reversed()))
        let reversed = harness.send(.get, base + "?after=\(linked[4])&before=\(linked[0])")
        #expect(reversed.status == .badRequest)
        #expect(reversed.detail == "'before' reference must be later than 'after' reference")
        let unknownCursor = harness.send(.get, base + "?after=\(missingID(.agent))")
        #expect(unknownCursor.status == .notFound)
        #expect(unknownCursor.detail == "No Agent found with id \(missingID(.agent))")
        #expect(harness.send(.get, base + "?after=\(unlinked)&order=asc").status == .ok)
        let agent = try #require(harness.send(.get, base + "?limit=1").array.first)
        #expect(agent["identity_ids"] == .array([.string(identity.id)]))
        #expect(agent.keys == AgentsAPICreateTests.agentStateKeys)
    }

    @Test func identityAgents_AnswersErrors() throws {
        let harness = try AgentsHarness()
        let identity = try harness.makeIdentity("user_1")
        let missing = harness.send(.get, "/v1/identities/\(missingID(.identity))/agents?after=\(missingID(.agent))")
        #expect(missing.status == .notFound)
        #expect(missing.detail == "Identity not found: \(missingID(.identity))")
        let malformed = harness.send(.get, "/v1/identities/identity-123e4567-e89b-12d3-a456-426614174000/agents")
        #expect(malformed.status == .unprocessableEntity)
        #expect(malformed.json["examples"] == ["identity-123e4567-e89b-42d3-8456-426614174000"])
        let params = harness.send(.get, "/v1/identities/\(identity.id)/agents?order_by=name&include=x&limit=no")
        #expect(Set(params.issueLocations) == ["query.order_by", "query.include.0", "query.limit"])
    }

    @Test func identityBlocks_ListsLinkedBlocks_InStrictPages() throws {
        let harness = try AgentsHarness()
        let org = Actor.defaultOrganizationID
        var blocks: [Block] = []
        for index in 0..<4 {
            var block = Block(organizationID: org, label: "b\(index)", tags: ["t\(index)"])
            block.isTemplate = index == 1
            block.hidden = index == 2 ? true : nil
            blocks.append(try harness.store.createBlock(block))
        }
        let identity = try harness.store.createIdentity(
            Identity(identifierKey: "user_1", name: "U", identityType: .user, organizationID: org,
                     blockIDs: blocks.map(\.id)))
        _ = try harness.makeBlock("unlinked")
        let base = "/v1/identities/\(identity.id)/blocks"
        let ids = blocks.map(\.id)
        let reply = harness.send(.get, base)
        #expect(reply.ids == ids.reversed())
        #expect(reply.array.first?["tags"] == ["t3"])
        #expect(harness.send(.get, base + "?order=asc&limit=2&after=\(ids[0])").ids == Array(ids[1..<3]))
        #expect(harness.send(.get, base + "?order=asc&after=\(ids[0])&before=\(ids[3])").ids == Array(ids[1..<3]))
        let unknown = harness.send(.get, base + "?before=\(missingID(.block))")
        #expect(unknown.status == .notFound)
        #expect(unknown.detail == "No Block found with id \(missingID(.block))")
        #expect(harness.send(.get, base + "?after=\(ids[3])&before=\(ids[0])").status == .badRequest)
        #expect(harness.send(.get, "/v1/identities/\(missingID(.identity))/blocks").status == .notFound)
    }

    @Test func blockAgents_ListsAgentsUsingTheBlock() throws {
        let harness = try AgentsHarness()
        let block = try harness.makeBlock("shared")
        let users = (0..<3).map { index in
            harness.agent("B\(index)", index == 1 ? #""block_ids":["\#(block.id)"],"hidden":true"# : #""block_ids":["\#(block.id)"]"#)
        }
        _ = harness.agent("Other")
        let base = "/v1/blocks/\(block.id)/agents"
        #expect(harness.send(.get, base).ids == users.reversed())
        #expect(harness.send(.get, base + "?order=asc&limit=2").ids == Array(users[0..<2]))
        #expect(harness.send(.get, base + "?order=asc&after=\(users[0])").ids == Array(users[1...]))
        #expect(harness.send(.get, base + "?order=asc&after=\(missingID(.agent))").status == .notFound)
        #expect(harness.send(.get, base + "?include_relationships=whatever&include=agent.tags").status == .ok)
        let unknown = harness.send(.get, "/v1/blocks/\(missingID(.block))/agents")
        #expect(unknown.status == .ok)
        #expect(unknown.text == "[]")
        #expect(harness.send(.get, "/v1/blocks/block-1/agents").status == .unprocessableEntity)
        #expect(harness.send(.get, base + "?include=agent.nothing").status == .unprocessableEntity)
    }
}
