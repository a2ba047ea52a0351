import Testing

@testable import IdentityCore
import IdentityTestSupport

/// Runs on the backend `IDENTITY_TEST_BACKEND` selects (SQLite by default; CI runs it on both).
@Suite("Store tenants")
struct StoreTenantTests {
    static func digest(_ secret: String) -> [UInt8] { SHA256.hash(secret) }

    @Test func createOrganization_IsListedAfterTheDefault_AndReadBack() throws {
        let store = try makeTestStore()
        let acme = try store.createOrganization(Organization(name: "acme", createdAt: .now()))
        _ = try store.createOrganization(Organization(name: "globex", createdAt: Timestamp(microseconds: acme.createdAt.microseconds + 1)))
        #expect(try store.organization(id: acme.id) == acme)
        #expect(try store.organization(id: "org-00000000-0000-4000-8000-00000000dead") == nil)
        #expect(try store.listOrganizations().map(\.name) == ["default_org", "acme", "globex"])
        #expect(ObjectID.isValid(acme.id, kind: .org))
    }

    @Test func createAPIKey_IsFoundByDigestAndID_AndNeverByAnotherSecret() throws {
        let store = try makeTestStore()
        let org = try store.createOrganization(Organization(name: "acme"))
        let key = try store.createAPIKey(APIKey(organizationID: org.id, name: "ci", secretDigest: Self.digest("sk-ids-one")))
        #expect(try store.apiKey(secretDigest: Self.digest("sk-ids-one")) == key)
        #expect(try store.apiKey(id: key.id) == key)
        #expect(try store.apiKey(secretDigest: Self.digest("sk-ids-two")) == nil)
        #expect(try store.apiKey(id: "apikey-00000000-0000-4000-8000-000000000000") == nil)
        #expect(key.name == "ci" && !key.isRevoked)
        #expect(ObjectID.isValid(key.id, kind: .apiKey))
    }

    @Test func createAPIKey_Throws_WhenTheOrganizationDoesNotExist() throws {
        let store = try makeTestStore()
        let missing = "org-00000000-0000-4000-8000-00000000beef"
        #expect(throws: StoreError.notFound(kind: .org, id: missing)) {
            try store.createAPIKey(APIKey(organizationID: missing, name: nil, secretDigest: Self.digest("x")))
        }
        #expect(try store.listAPIKeys(organizationID: nil).isEmpty)
    }

    @Test func listAPIKeys_FiltersByOrganization_InCreationOrder() throws {
        let store = try makeTestStore()
        let acme = try store.createOrganization(Organization(name: "acme"))
        let globex = try store.createOrganization(Organization(name: "globex"))
        let first = try store.createAPIKey(APIKey(
            organizationID: acme.id, name: "a1", secretDigest: Self.digest("1"), createdAt: Timestamp(microseconds: 10)))
        let second = try store.createAPIKey(APIKey(
            organizationID: globex.id, name: nil, secretDigest: Self.digest("2"), createdAt: Timestamp(microseconds: 20)))
        let third = try store.createAPIKey(APIKey(
            organizationID: acme.id, name: "a2", secretDigest: Self.digest("3"), createdAt: Timestamp(microseconds: 30)))
        #expect(try store.listAPIKeys(organizationID: acme.id) == [first, third])
        #expect(try store.listAPIKeys(organizationID: globex.id) == [second])
        #expect(try store.listAPIKeys(organizationID: nil) == [first, second, third])
    }

    @Test func revokeAPIKey_KeepsTheFirstRevocationTime() throws {
        let store = try makeTestStore()
        let org = try store.createOrganization(Organization(name: "acme"))
        let key = try store.createAPIKey(APIKey(organizationID: org.id, name: nil, secretDigest: Self.digest("k")))
        let revoked = try #require(try store.revokeAPIKey(id: key.id, at: Timestamp(microseconds: 5_000)))
        #expect(revoked.revokedAt == Timestamp(microseconds: 5_000))
        let again = try #require(try store.revokeAPIKey(id: key.id, at: Timestamp(microseconds: 9_000)))
        #expect(again.revokedAt == Timestamp(microseconds: 5_000))
        #expect(try store.apiKey(secretDigest: Self.digest("k"))?.isRevoked == true)
        #expect(try store.revokeAPIKey(id: "apikey-00000000-0000-4000-8000-000000000000", at: .now()) == nil)
    }

    @Test func deleteOrganization_RemovesEverythingItOwns_AndNothingElse() throws {
        let store = try StoreFixture.anyStore()
        let doomed = try store.createOrganization(Organization(name: "doomed"))
        for org in [doomed.id, StoreFixture.otherOrg] {
            let block = try store.createBlock(StoreFixture.block("human", org: org, tags: ["shared"]))
            let agent = try store.createAgent(StoreFixture.agent("a", org: org, tags: ["shared"], blocks: [block.id]), newBlocks: [])
            _ = try store.createIdentity(StoreFixture.identity("u", org: org, agents: [agent.id], blocks: [block.id]))
            _ = try store.createAPIKey(APIKey(organizationID: org, name: nil, secretDigest: Self.digest("key-\(org)")))
        }
        #expect(try store.deleteOrganization(id: doomed.id))
        #expect(try store.organization(id: doomed.id) == nil)
        #expect(try store.countIdentities(organizationID: doomed.id) == 0)
        #expect(try store.countAgents(AgentFilter(), organizationID: doomed.id) == 0)
        #expect(try store.countBlocks(BlockFilter(), organizationID: doomed.id) == 0)
        #expect(try store.listTags(nameContains: nil, page: StoreFixture.page(.ascending), organizationID: doomed.id).isEmpty)
        #expect(try store.listAPIKeys(organizationID: doomed.id).isEmpty)
        #expect(try store.apiKey(secretDigest: Self.digest("key-\(doomed.id)")) == nil)
        #expect(try storedTagRowCount(store, organizationID: doomed.id) == 0)

        let other = StoreFixture.otherOrg
        #expect(try store.countIdentities(organizationID: other) == 1)
        #expect(try store.countAgents(AgentFilter(), organizationID: other) == 1)
        #expect(try store.countBlocks(BlockFilter(), organizationID: other) == 1)
        #expect(try store.listTags(nameContains: nil, page: StoreFixture.page(.ascending), organizationID: other) == ["shared"])
        #expect(try store.apiKey(secretDigest: Self.digest("key-\(other)")) != nil)
        #expect(try !store.deleteOrganization(id: doomed.id))
    }

    @Test func apiKeys_SurviveReopening() throws {
        let location = try TestStoreLocation()
        let first = try location.open(connections: 1)
        let org = try first.createOrganization(Organization(name: "acme"))
        let key = try first.createAPIKey(APIKey(organizationID: org.id, name: "n", secretDigest: Self.digest("persist")))
        first.close()
        let second = try location.open(connections: 1)
        defer { second.close() }
        #expect(try second.apiKey(secretDigest: Self.digest("persist")) == key)
        #expect(try second.organization(id: org.id) == org)
    }
}
