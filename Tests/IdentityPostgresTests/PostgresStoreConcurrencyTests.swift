import Foundation
import Testing

@testable import IdentityCore
@testable import IdentityPostgres
import IdentityTestSupport

/// Several "servers" (stores with their own pools) racing on one schema behave like one server:
/// the database's constraints and row locks decide.
@Suite("PostgresStore concurrency", .enabled(if: PostgresTestEnvironment.isAvailable))
struct PostgresStoreConcurrencyTests {
    typealias F = StoreFixture
    let org = StoreFixture.org

    /// Two stores on one fresh schema.
    func twoStores() throws -> (PostgresStore, PostgresStore) {
        let (_, url) = try PostgresTestDatabase.shared.makeSchema()
        let first = try PostgresStore(url: url, configuration: .init(size: 8))
        try first.ensureOrganization(id: F.otherOrg, name: "other_org")
        return (first, try PostgresStore(url: url, configuration: .init(size: 8)))
    }

    @Test func createIdentity_OneSucceedsAndTheOthersConflict_WhenThreadsOfTwoStoresCreateOneKey() throws {
        let (first, second) = try twoStores()
        defer { first.close(); second.close() }
        for round in 0..<10 {
            let outcomes = Results()
            onThreads(12) { index in
                let store = index.isMultiple(of: 2) ? first : second
                do {
                    outcomes.append(.success(try store.createIdentity(F.identity("key-\(round)", name: "n\(index)")).id))
                } catch {
                    outcomes.append(.failure(error))
                }
            }
            let values = outcomes.values
            let successes = values.compactMap { try? $0.get() }
            #expect(successes.count == 1)
            let conflict = StoreError.conflict(
                kind: .identity, message: "An identity with identifier_key='key-\(round)', project_id='None' already exists")
            for case .failure(let error) in values {
                #expect(error as? StoreError == conflict)
            }
            #expect(try second.identity(identifierKey: "key-\(round)", projectID: nil, organizationID: org)?.id == successes.first)
        }
        #expect(try first.countIdentities(organizationID: org) == 10)
    }

    @Test func upsertIdentity_KeepsOneRow_WhenThreadsOfTwoStoresUpsertOneKey() throws {
        let (first, second) = try twoStores()
        defer { first.close(); second.close() }
        for round in 0..<5 {
            let key = "shared-\(round)"
            let outcomes = Results()
            onThreads(12) { index in
                let store = index.isMultiple(of: 2) ? first : second
                do {
                    let identity = try store.upsertIdentity(
                        identifierKey: key, projectID: "p", organizationID: org,
                        make: { F.identity(key, project: "p", name: "made \(index)") },
                        mutate: { $0.properties.append(IdentityProperty(key: "call", value: .int(Int64(index)), type: .number)) })
                    outcomes.append(.success(identity.id))
                } catch {
                    outcomes.append(.failure(error))
                }
            }
            let ids = try outcomes.values.map { try $0.get() }
            #expect(ids.count == 12 && Set(ids).count == 1)
            let stored = try #require(try first.identity(identifierKey: key, projectID: "p", organizationID: org))
            #expect(stored.properties.count == 11)
        }
        #expect(try second.countIdentities(organizationID: org) == 5)
    }

    @Test func deleteIdentity_NeverLeavesADanglingLink_WhenAnotherStoreLinksItMeanwhile() throws {
        let (first, second) = try twoStores()
        defer { first.close(); second.close() }
        var linkedBeforeDelete = 0
        var refused = 0
        for round in 0..<30 {
            let identity = try first.createIdentity(F.identity("k\(round)"))
            let agent = try first.createAgent(F.agent("a\(round)"), newBlocks: [])
            let outcomes = Results()
            onThreads(2) { index in
                do {
                    if index == 0 {
                        outcomes.append(.success(String(try first.deleteIdentity(id: identity.id, organizationID: org))))
                    } else {
                        let linked = try second.updateAgent(id: agent.id, organizationID: org) { $0.identityIDs = [identity.id] }
                        outcomes.append(.success(linked.identityIDs.joined()))
                    }
                } catch {
                    outcomes.append(.failure(error))
                }
            }
            for case .failure(let error) in outcomes.values {
                #expect(error as? StoreError == .missingReferences(kind: .identity, ids: [identity.id]))
                refused += 1
            }
            if outcomes.values.contains(where: { (try? $0.get()) == identity.id }) { linkedBeforeDelete += 1 }
            let after = try #require(try second.agent(id: agent.id, organizationID: org))
            #expect(after.identityIDs == [] && after.identities == [])
            #expect(try first.identity(id: identity.id, organizationID: org) == nil)
        }
        #expect(linkedBeforeDelete + refused == 30)
        let dangling = try first.pool.withConnection { connection in
            try connection.query(
                "SELECT count(*) FROM identities_agents l WHERE NOT EXISTS (SELECT 1 FROM identities i WHERE i.id = l.identity_id)"
            ).first?.int(0)
        }
        #expect(dangling == 0)
    }

    @Test func deleteAgent_NeverLeavesADanglingLink_WhenAnotherStoreLinksItMeanwhile() throws {
        let (first, second) = try twoStores()
        defer { first.close(); second.close() }
        for round in 0..<30 {
            let agent = try first.createAgent(F.agent("a\(round)"), newBlocks: [])
            let identity = try first.createIdentity(F.identity("k\(round)"))
            onThreads(2) { index in
                if index == 0 {
                    _ = try? first.deleteAgent(id: agent.id, organizationID: org)
                } else {
                    _ = try? second.updateIdentity(id: identity.id, organizationID: org) { $0.agentIDs = [agent.id] }
                }
            }
            #expect(try second.identity(id: identity.id, organizationID: org)?.agentIDs == [])
            #expect(try second.listIdentities(IdentityFilter(identifierKey: "k\(round)"), page: F.page(.ascending), organizationID: org)
                .first?.agentIDs == [])
        }
    }

    @Test func updateAgent_AttachesOneOfTwoSameLabelBlocks_WhenTwoStoresRace() throws {
        let (first, second) = try twoStores()
        defer { first.close(); second.close() }
        for round in 0..<15 {
            let agent = try first.createAgent(F.agent("a\(round)"), newBlocks: [])
            let blocks = try (0..<2).map { _ in try first.createBlock(F.block("human")) }
            let outcomes = Results()
            onThreads(2) { index in
                let store = index == 0 ? first : second
                do {
                    outcomes.append(.success(try store.updateAgent(id: agent.id, organizationID: org) {
                        $0.blockIDs.append(blocks[index].id)
                    }.blockIDs.joined(separator: ",")))
                } catch {
                    outcomes.append(.failure(error))
                }
            }
            let successes = outcomes.values.compactMap { try? $0.get() }
            #expect(successes.count == 1)
            #expect(try first.agent(id: agent.id, organizationID: org)?.blocks.map(\.label) == ["human"])
        }
    }
}
