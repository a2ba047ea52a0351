import HTTPKit
@testable import IdentityCore
import Testing
import IdentityTestSupport

@Suite("BlocksAPI identity attach and detach")
struct BlocksAPIIdentityLinkTests {
    static let unknownIdentity = "identity-00000000-0000-4000-8000-000000000000"
    static let unknownBlock = "block-00000000-0000-4000-8000-000000000000"

    @Test func attach_LinksIdentity_AndAnswersTheBlock() throws {
        let harness = try BlocksHarness()
        let created = try harness.createBlock(#"{"label":"human","value":"v","tags":["t"]}"#)
        let id = try #require(created["id"]?.stringValue)
        let identity = try harness.storeIdentity(key: "user_1")
        let reply = try harness.send(.patch, "/v1/blocks/\(id)/identities/attach/\(identity.id)")
        #expect(reply.status == 200)
        #expect(reply.json == created)
        #expect(try harness.get("/v1/blocks/?identity_id=\(identity.id)").ids == [id])
        #expect(try harness.get("/v1/blocks/?identifier_keys=user_1").ids == [id])
        let stored = try #require(try harness.store.identity(id: identity.id, organizationID: harness.organizationID))
        #expect(stored.blockIDs == [id])
    }

    @Test func attach_IsIdempotent_AndKeepsOtherLinks() throws {
        let harness = try BlocksHarness()
        let first = try harness.createBlockID(#"{"label":"a"}"#)
        let second = try harness.createBlockID(#"{"label":"b"}"#)
        let identity = try harness.storeIdentity(key: "user_1", blockIDs: [first])
        for _ in 0..<2 {
            #expect(try harness.send(.patch, "/v1/blocks/\(second)/identities/attach/\(identity.id)").status == 200)
        }
        #expect(try harness.send(.patch, "/v1/blocks/\(first)/identities/attach/\(identity.id)").status == 200)
        let stored = try #require(try harness.store.identity(id: identity.id, organizationID: harness.organizationID))
        #expect(stored.blockIDs == [first, second])
        #expect(try harness.get("/v1/blocks/?identity_id=\(identity.id)").ids == [first, second])
    }

    @Test func detach_RemovesOnlyThatLink_AndIsANoOpWhenAbsent() throws {
        let harness = try BlocksHarness()
        let first = try harness.createBlockID(#"{"label":"a"}"#)
        let second = try harness.createBlockID(#"{"label":"b"}"#)
        let identity = try harness.storeIdentity(key: "user_1", blockIDs: [first, second])
        let other = try harness.storeIdentity(key: "user_2", blockIDs: [first])
        let reply = try harness.send(.patch, "/v1/blocks/\(first)/identities/detach/\(identity.id)")
        #expect(reply.status == 200)
        #expect(reply.json["id"] == .string(first))
        #expect(try harness.get("/v1/blocks/?identity_id=\(identity.id)").ids == [second])
        #expect(try harness.get("/v1/blocks/?identity_id=\(other.id)").ids == [first])
        let again = try harness.send(.patch, "/v1/blocks/\(first)/identities/detach/\(identity.id)")
        #expect(again.status == 200)
        #expect(again.json["id"] == .string(first))
        #expect(try harness.get("/v1/blocks/?identity_id=\(identity.id)").ids == [second])
    }

    @Test(arguments: ["attach", "detach"])
    func link_Answers400_WhenIdentityIDIsMalformed(action: String) throws {
        let harness = try BlocksHarness()
        let block = try harness.createBlockID(#"{"label":"a"}"#)
        let reply = try harness.send(.patch, "/v1/blocks/\(block)/identities/\(action)/user_1")
        #expect(reply.status == 400)
        #expect(reply.json == ["detail": "INVALID_ARGUMENT: Invalid identity ID format: user_1. Expected format: 'identity-<uuid4>'"])
    }

    @Test(arguments: ["attach", "detach"])
    func link_Answers422_WhenBlockIDIsMalformed(action: String) throws {
        let harness = try BlocksHarness()
        let reply = try harness.send(.patch, "/v1/blocks/block-x/identities/\(action)/also-bad")
        #expect(reply.status == 422)
        #expect(reply.issueLocations == [["path", "block_id"]])
    }

    @Test(arguments: ["attach", "detach"])
    func link_Answers404_WhenIdentityIsUnknown(action: String) throws {
        let harness = try BlocksHarness()
        let block = try harness.createBlockID(#"{"label":"a"}"#)
        let reply = try harness.send(.patch, "/v1/blocks/\(block)/identities/\(action)/\(Self.unknownIdentity)")
        #expect(reply.status == 404)
        #expect(reply.json == ["detail": .string("Identity not found: \(Self.unknownIdentity)")])
        let both = try harness.send(.patch, "/v1/blocks/\(Self.unknownBlock)/identities/\(action)/\(Self.unknownIdentity)")
        #expect(both.json == ["detail": .string("Identity not found: \(Self.unknownIdentity)")])
    }

    @Test(arguments: ["attach", "detach"])
    func link_Answers404_WhenBlockIsUnknown(action: String) throws {
        let harness = try BlocksHarness()
        let identity = try harness.storeIdentity(key: "user_1")
        let reply = try harness.send(.patch, "/v1/blocks/\(Self.unknownBlock)/identities/\(action)/\(identity.id)")
        #expect(reply.status == 404)
        #expect(reply.json == ["detail": .string("Block not found: \(Self.unknownBlock)")])
        let stored = try #require(try harness.store.identity(id: identity.id, organizationID: harness.organizationID))
        #expect(stored.blockIDs == [])
    }

    @Test func link_Answers405_ForOtherMethods() throws {
        let harness = try BlocksHarness()
        let block = try harness.createBlockID(#"{"label":"a"}"#)
        let reply = try harness.send(.get, "/v1/blocks/\(block)/identities/attach/\(Self.unknownIdentity)")
        #expect(reply.status == 405)
        #expect(reply.response.headers["Allow"] == "PATCH")
    }
}
