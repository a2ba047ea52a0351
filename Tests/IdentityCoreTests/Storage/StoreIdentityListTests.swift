import Testing

@testable import IdentityCore
@testable import IdentitySQLite
import IdentityTestSupport

/// Runs on the backend `IDENTITY_TEST_BACKEND` selects (SQLite by default; CI runs it on both).
@Suite("Store identity lists")
struct StoreIdentityListTests {
    typealias F = StoreFixture
    let org = StoreFixture.org

    /// Nine identities, three of them created at the same microsecond (ties broken by id).
    func seeded() throws -> (any IdentityStore & TenantStore, [Identity]) {
        let store = try F.anyStore()
        let times: [Int64] = [5, 3, 3, 8, 1, 3, 9, 2, 7]
        let identities = try times.enumerated().map { index, time in
            try store.createIdentity(F.identity("user_\(index)", at: time))
        }
        _ = try store.createIdentity(F.identity("foreign", org: F.otherOrg, at: 4))
        return (store, identities)
    }

    @Test(arguments: [SortOrder.ascending, .descending])
    func listIdentities_PagesInCreationOrder_AcrossPageBoundaries(order: SortOrder) throws {
        let (store, identities) = try seeded()
        let expected = PaginationCheck.sorted(identities, order, key: \.createdAt.microseconds, id: \.id)
        try PaginationCheck.verify(expected: expected, order: order, pageSize: 4) { page in
            try store.listIdentities(IdentityFilter(), page: page, organizationID: org).map(\.id)
        }
    }

    @Test func listIdentities_DefaultsToNewestFirstWithLimit50() throws {
        let store = try F.anyStore()
        let identities = try (0..<55).map { try store.createIdentity(F.identity("k\($0)", at: Int64($0))) }
        let page = try store.listIdentities(IdentityFilter(), page: PageRequest(), organizationID: org)
        #expect(page.map(\.id) == identities.reversed().prefix(50).map(\.id))
    }

    @Test func listIdentities_ThrowsCursorNotFound_WhenCursorUnknownOrInOtherOrganization() throws {
        let (store, _) = try seeded()
        let foreign = try #require(
            try store.listIdentities(IdentityFilter(), page: F.page(.ascending), organizationID: F.otherOrg).first)
        let unknown = ObjectID.generate(.identity)
        for cursor in [unknown, foreign.id] {
            #expect(throws: StoreError.cursorNotFound(kind: .identity, id: cursor)) {
                try store.listIdentities(
                    IdentityFilter(), page: F.page(.descending, after: cursor), organizationID: org)
            }
            #expect(throws: StoreError.cursorNotFound(kind: .identity, id: cursor)) {
                try store.listIdentities(
                    IdentityFilter(), page: F.page(.descending, before: cursor), organizationID: org)
            }
        }
    }

    @Test func listIdentities_AppliesEachFilterAloneAndCombined() throws {
        let store = try F.anyStore()
        let caren = try store.createIdentity(F.identity("user_1", name: "Caren", type: .user, at: 1))
        let karen = try store.createIdentity(
            F.identity("user_2", project: "p", name: "KAREN 50%_off", type: .user, at: 2))
        let acme = try store.createIdentity(F.identity("org_1", project: "p", name: "Acme", type: .org, at: 3))
        let other = try store.createIdentity(F.identity("user_1", project: "p", name: "Other", type: .other, at: 4))
        func ids(_ filter: IdentityFilter) throws -> [String] {
            try store.listIdentities(filter, page: F.page(.ascending), organizationID: org).map(\.id)
        }
        #expect(try ids(IdentityFilter()) == [caren.id, karen.id, acme.id, other.id])
        #expect(try ids(IdentityFilter(name: "aren")) == [caren.id, karen.id])
        #expect(try ids(IdentityFilter(name: "caREN")) == [caren.id])
        #expect(try ids(IdentityFilter(name: "%_")) == [karen.id])
        #expect(try ids(IdentityFilter(name: "_")) == [karen.id])
        #expect(try ids(IdentityFilter(name: "c%n")) == [])
        #expect(try ids(IdentityFilter(identifierKey: "user_1")) == [caren.id, other.id])
        #expect(try ids(IdentityFilter(identifierKey: "USER_1")) == [])
        #expect(try ids(IdentityFilter(identityType: .user)) == [caren.id, karen.id])
        #expect(try ids(IdentityFilter(identityType: .org)) == [acme.id])
        #expect(try ids(IdentityFilter(projectID: "p")) == [karen.id, acme.id, other.id])
        #expect(try ids(IdentityFilter(identifierKey: "user_1", projectID: "p")) == [other.id])
        #expect(try ids(IdentityFilter(name: "e", identityType: .user, projectID: "p")) == [karen.id])
        #expect(try ids(IdentityFilter(name: "zzz", identifierKey: "user_1")) == [])
    }

    @Test func listIdentities_FillsLinksOfEveryIdentity() throws {
        let store = try F.anyStore()
        let agents = try (0..<3).map { try store.createAgent(F.agent("a\($0)"), newBlocks: []) }
        let block = try store.createBlock(F.block("human"))
        let first = try store.createIdentity(
            F.identity("k1", at: 1, agents: [agents[2].id, agents[0].id], blocks: [block.id]))
        let second = try store.createIdentity(F.identity("k2", at: 2, agents: [agents[1].id]))
        let third = try store.createIdentity(F.identity("k3", at: 3))
        let listed = try store.listIdentities(IdentityFilter(), page: F.page(.ascending), organizationID: org)
        #expect(listed == [first, second, third])
        #expect(listed.map(\.agentIDs) == [[agents[2].id, agents[0].id], [agents[1].id], []])
        #expect(listed.map(\.blockIDs) == [[block.id], [], []])
    }

    @Test func listIdentities_ReturnsEverything_WhenLimitIsNilAndNothing_WhenZero() throws {
        let store = try F.anyStore()
        for index in 0..<600 { _ = try store.createIdentity(F.identity("k\(index)", at: Int64(index))) }
        #expect(try store.listIdentities(IdentityFilter(), page: F.page(.ascending), organizationID: org).count == 600)
        #expect(
            try store.listIdentities(IdentityFilter(), page: F.page(.ascending, limit: 0), organizationID: org) == [])
    }
}
