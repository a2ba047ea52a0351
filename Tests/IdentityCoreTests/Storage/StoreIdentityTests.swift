import Testing

@testable import IdentityCore
import IdentityTestSupport

/// Runs on the backend `IDENTITY_TEST_BACKEND` selects (SQLite by default; CI runs it on both).
@Suite("Store identities")
struct StoreIdentityTests {
    typealias F = StoreFixture
    let org = StoreFixture.org

    @Test func createIdentity_RoundTripsEveryField_WhenReadBack() throws {
        let store = try F.anyStore()
        let properties = [
            IdentityProperty(key: "age", value: .int(28), type: .number),
            IdentityProperty(key: "ratio", value: .double(28.0), type: .number),
            IdentityProperty(key: "vip", value: .bool(true), type: .boolean),
            IdentityProperty(key: "email", value: "c@x.com", type: .string),
            IdentityProperty(key: "prefs", value: ["theme": "dark", "sizes": [1, 2.5]], type: .json),
            IdentityProperty(key: "email", value: "second@x.com", type: .string),
        ]
        let identity = F.identity("user_1", project: "proj", name: "Caren ✓", type: .org, properties: properties)
        let created = try store.createIdentity(identity)
        #expect(created == identity)
        let read = try #require(try store.identity(id: identity.id, organizationID: org))
        #expect(read == identity)
        #expect(read.properties.map(\.value) == properties.map(\.value))
        #expect(try store.identity(identifierKey: "user_1", projectID: "proj", organizationID: org) == identity)
    }

    @Test func identity_ReturnsNil_WhenIDUnknownOrInOtherOrganization() throws {
        let store = try F.anyStore()
        let created = try store.createIdentity(F.identity("user_1"))
        #expect(try store.identity(id: created.id, organizationID: F.otherOrg) == nil)
        #expect(try store.identity(id: ObjectID.generate(.identity), organizationID: org) == nil)
        #expect(try store.identity(identifierKey: "user_1", projectID: nil, organizationID: F.otherOrg) == nil)
    }

    @Test func identityByKey_MatchesNullProjectOnlyWithNull() throws {
        let store = try F.anyStore()
        let unscoped = try store.createIdentity(F.identity("k"))
        let empty = try store.createIdentity(F.identity("k", project: ""))
        let scoped = try store.createIdentity(F.identity("k", project: "p"))
        #expect(try store.identity(identifierKey: "k", projectID: nil, organizationID: org)?.id == unscoped.id)
        #expect(try store.identity(identifierKey: "k", projectID: "", organizationID: org)?.id == empty.id)
        #expect(try store.identity(identifierKey: "k", projectID: "p", organizationID: org)?.id == scoped.id)
        #expect(try store.identity(identifierKey: "K", projectID: nil, organizationID: org) == nil)
    }

    @Test func createIdentity_Conflicts_WhenKeyRepeatsWithNullProject() throws {
        let store = try F.anyStore()
        _ = try store.createIdentity(F.identity("user_1"))
        #expect(
            throws: StoreError.conflict(
                kind: .identity, message: "An identity with identifier_key='user_1', project_id='None' already exists")
        ) { try store.createIdentity(F.identity("user_1", name: "Dup")) }
        #expect(try store.countIdentities(organizationID: org) == 1)
    }

    @Test func createIdentity_Conflicts_WhenKeyRepeatsInSameProject() throws {
        let store = try F.anyStore()
        _ = try store.createIdentity(F.identity("user_1", project: "p"))
        #expect(
            throws: StoreError.conflict(
                kind: .identity, message: "An identity with identifier_key='user_1', project_id='p' already exists")
        ) { try store.createIdentity(F.identity("user_1", project: "p")) }
    }

    @Test func createIdentity_Succeeds_WhenKeyRepeatsInOtherProjectOrgOrEmptyProject() throws {
        let store = try F.anyStore()
        _ = try store.createIdentity(F.identity("user_1"))
        _ = try store.createIdentity(F.identity("user_1", project: ""))
        _ = try store.createIdentity(F.identity("user_1", project: "p"))
        _ = try store.createIdentity(F.identity("user_1", org: F.otherOrg))
        _ = try store.createIdentity(F.identity("USER_1"))
        #expect(try store.countIdentities(organizationID: org) == 4)
        #expect(try store.countIdentities(organizationID: F.otherOrg) == 1)
        #expect(throws: StoreError.self) { try store.createIdentity(F.identity("user_1", project: "")) }
    }

    @Test func updateIdentity_Conflicts_WhenRenamedToExistingKey() throws {
        let store = try F.anyStore()
        _ = try store.createIdentity(F.identity("user_1"))
        let second = try store.createIdentity(F.identity("user_2"))
        #expect(
            throws: StoreError.conflict(
                kind: .identity, message: "An identity with identifier_key='user_1', project_id='None' already exists")
        ) {
            try store.updateIdentity(id: second.id, organizationID: org) { $0.identifierKey = "user_1" }
        }
        #expect(try store.identity(id: second.id, organizationID: org)?.identifierKey == "user_2")
    }

    @Test func updateIdentity_StoresMutation_AndKeepsIDAndOrganization() throws {
        let store = try F.anyStore()
        let created = try store.createIdentity(F.identity("user_1"))
        let updated = try store.updateIdentity(id: created.id, organizationID: org) {
            $0.name = "Renamed"
            $0.identityType = .other
            $0.properties = [IdentityProperty(key: "a", value: 1, type: .number)]
            $0.id = "identity-ignored"
            $0.organizationID = F.otherOrg
        }
        #expect(updated.id == created.id)
        #expect(updated.organizationID == org)
        #expect(try store.identity(id: created.id, organizationID: org) == updated)
        #expect(updated.name == "Renamed" && updated.identityType == .other && updated.properties.count == 1)
    }

    @Test func updateIdentity_ThrowsNotFound_WhenAbsentOrInOtherOrganization() throws {
        let store = try F.anyStore()
        let created = try store.createIdentity(F.identity("user_1"))
        #expect(throws: StoreError.notFound(kind: .identity, id: created.id)) {
            try store.updateIdentity(id: created.id, organizationID: F.otherOrg) { $0.name = "x" }
        }
    }

    @Test func updateIdentity_WritesNothing_WhenMutateThrows() throws {
        struct Abort: Error {}
        let store = try F.anyStore()
        let created = try store.createIdentity(F.identity("user_1"))
        #expect(throws: Abort.self) {
            try store.updateIdentity(id: created.id, organizationID: org) {
                $0.name = "changed"
                throw Abort()
            }
        }
        #expect(try store.identity(id: created.id, organizationID: org) == created)
    }

    @Test func upsertIdentity_CreatesThenUpdates() throws {
        let store = try F.anyStore()
        let first = try store.upsertIdentity(
            identifierKey: "user_1", projectID: nil, organizationID: org,
            make: { F.identity("user_1", name: "Made") }, mutate: { $0.name = "Mutated" })
        #expect(first.name == "Made")
        let second = try store.upsertIdentity(
            identifierKey: "user_1", projectID: nil, organizationID: org,
            make: { F.identity("user_1", name: "Made again") }, mutate: { $0.name = "Mutated" })
        #expect(second.id == first.id)
        #expect(second.name == "Mutated")
        let scoped = try store.upsertIdentity(
            identifierKey: "user_1", projectID: "p", organizationID: org,
            make: { F.identity("user_1", project: "p", name: "Scoped") }, mutate: { $0.name = "Wrong" })
        #expect(scoped.id != first.id && scoped.name == "Scoped")
        #expect(try store.countIdentities(organizationID: org) == 2)
    }

    /// On a SQLite file (a writer and pooled readers) or a PostgreSQL pool of 16, from 16 threads at once.
    @Test func upsertIdentity_CreatesExactlyOneRow_WhenCalledConcurrently() throws {
        let location = try TestStoreLocation()
        let store = try location.open(connections: 16)
        defer { store.close() }
        let results = Results()
        onThreads(16) { index in
            do {
                let identity = try store.upsertIdentity(
                    identifierKey: "shared", projectID: nil, organizationID: org,
                    make: { F.identity("shared", name: "made \(index)") },
                    mutate: {
                        $0.properties.append(IdentityProperty(key: "call", value: .int(Int64(index)), type: .number))
                    })
                results.append(.success(identity.id))
            } catch {
                results.append(.failure(error))
            }
        }
        let ids = try results.values.map { try $0.get() }
        #expect(ids.count == 16)
        #expect(Set(ids).count == 1)
        #expect(try store.countIdentities(organizationID: org) == 1)
        let stored = try #require(try store.identity(identifierKey: "shared", projectID: nil, organizationID: org))
        #expect(stored.properties.count == 15)
    }

    @Test func deleteIdentity_ReturnsWhetherItExisted() throws {
        let store = try F.anyStore()
        let created = try store.createIdentity(F.identity("user_1"))
        #expect(try store.deleteIdentity(id: created.id, organizationID: F.otherOrg) == false)
        #expect(try store.deleteIdentity(id: created.id, organizationID: org) == true)
        #expect(try store.deleteIdentity(id: created.id, organizationID: org) == false)
        #expect(try store.identity(id: created.id, organizationID: org) == nil)
    }

    @Test func countIdentities_CountsOnlyTheOrganization() throws {
        let store = try F.anyStore()
        for index in 0..<3 { _ = try store.createIdentity(F.identity("k\(index)")) }
        _ = try store.createIdentity(F.identity("k0", org: F.otherOrg))
        #expect(try store.countIdentities(organizationID: org) == 3)
        #expect(try store.countIdentities(organizationID: F.otherOrg) == 1)
    }
}
