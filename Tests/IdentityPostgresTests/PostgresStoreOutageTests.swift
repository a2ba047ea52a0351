import Foundation
import Testing

@testable import IdentityCore
@testable import IdentityPostgres
import IdentityTestSupport

/// A store whose database goes away (a proxy in between is taken down) answers `StoreError.unavailable`
/// quickly, never hangs, recovers by itself, and loses no acknowledged write.
@Suite("PostgresStore outage", .enabled(if: PostgresTestEnvironment.isAvailable))
struct PostgresStoreOutageTests {
    typealias F = StoreFixture
    let org = StoreFixture.org
    let unavailable = StoreError.unavailable(message: PostgresStore.unavailableMessage)

    func proxiedStore() throws -> (PostgresStore, TCPForwarder) {
        let (_, url) = try PostgresTestDatabase.shared.makeSchema()
        let proxy = try TCPForwarder(targetPort: #require(TCPForwarder.targetPort(of: url.string)))
        let store = try PostgresStore(
            url: PostgresURL(TCPForwarder.proxiedURL(url.string, port: proxy.port)), configuration: .init(size: 4))
        return (store, proxy)
    }

    /// Runs `body` until it stops throwing or `seconds` pass; returns whether it succeeded.
    func eventually(within seconds: Double, _ body: () throws -> Void) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if (try? body()) != nil { return true }
            usleep(20_000)
        }
        return false
    }

    @Test func calls_FailWithUnavailableWithoutHanging_WhileTheDatabaseIsDown_ThenResume() throws {
        let (store, proxy) = try proxiedStore()
        defer { store.close(); proxy.stop() }
        let created = try store.createIdentity(F.identity("before"))
        proxy.goDown()
        for index in 0..<10 {
            let started = Date()
            #expect(throws: unavailable) {
                if index.isMultiple(of: 2) {
                    _ = try store.identity(id: created.id, organizationID: org)
                } else {
                    _ = try store.createIdentity(F.identity("during-\(index)"))
                }
            }
            // Bounded by the 2 s connect timeout; a hang would blow far past it.
            #expect(Date().timeIntervalSince(started) < 5)
        }
        proxy.comeBack()
        #expect(eventually(within: 10) { _ = try store.createIdentity(F.identity("after")) })
        #expect(try store.identity(id: created.id, organizationID: org) == created)
        #expect(try store.countIdentities(organizationID: org) == 2)
    }

    @Test func calls_SucceedAtOnce_WhenPooledConnectionsWereCutWhileIdle() throws {
        let (store, proxy) = try proxiedStore()
        defer { store.close(); proxy.stop() }
        let created = try store.createIdentity(F.identity("before"))
        onThreads(4) { _ in _ = try? store.countIdentities(organizationID: org) }
        proxy.goDown()
        proxy.comeBack()
        #expect(try store.identity(id: created.id, organizationID: org) == created)
        #expect(try store.updateIdentity(id: created.id, organizationID: org) { $0.name = "renamed" }.name == "renamed")
        #expect(try store.createIdentity(F.identity("after")).identifierKey == "after")
    }

    @Test func acknowledgedWrites_AreAllPresent_WhenTheDatabaseDropsDuringLoad() throws {
        let (store, proxy) = try proxiedStore()
        defer { store.close(); proxy.stop() }
        let acknowledged = Results()
        let refused = Results()
        let stopAt = Date().addingTimeInterval(2.5)
        onThreads(5) { worker in
            if worker == 4 {
                usleep(600_000)
                proxy.goDown()
                usleep(600_000)
                proxy.comeBack()
                return
            }
            var counter = 0
            while Date() < stopAt {
                counter += 1
                do {
                    acknowledged.append(.success(try store.createIdentity(F.identity("w\(worker)-\(counter)")).id))
                } catch {
                    refused.append(.failure(error))
                }
            }
        }
        let ids = try acknowledged.values.map { try $0.get() }
        #expect(ids.count > 0)
        #expect(refused.values.count > 0)
        for case .failure(let error) in refused.values {
            #expect(error as? StoreError == unavailable)
        }
        #expect(eventually(within: 10) { _ = try store.countIdentities(organizationID: org) })
        for id in ids {
            #expect(try store.identity(id: id, organizationID: org) != nil)
        }
    }
}
