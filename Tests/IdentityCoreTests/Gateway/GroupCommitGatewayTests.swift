import Dispatch
import Foundation
import HTTPKit
import Synchronization
import Testing

@testable import IdentityCore
@testable import IdentitySQLite
import IdentityTestSupport

/// Requests that write, routed by the gateway through the store's writer thread (SQLite group
/// commit); on PostgreSQL the same requests run directly and must behave the same.
@Suite("Gateway group commit")
struct GroupCommitGatewayTests {
    private static func createBody(_ key: String) -> String {
        #"{"identifier_key":"\#(key)","name":"N","identity_type":"user"}"#
    }

    @Test func concurrentCreates_AreAllStored_AndDuplicateKeysGet409() throws {
        let harness = try GatewayHarness(password: nil)
        let statuses = LockedList<(String, Int)>()
        DispatchQueue.concurrentPerform(iterations: 24) { index in
            let key = "key-\(index % 8)"
            let response = harness.send(.post, "/v1/identities/", body: Self.createBody(key))
            statuses.append((key, response.status))
        }
        for index in 0..<8 {
            let answers = statuses.values.filter { $0.0 == "key-\(index)" }.map(\.1).sorted()
            #expect(answers == [200, 409, 409], "key-\(index)")
        }
        let list = harness.send(.get, "/v1/identities/?limit=100")
        #expect(Set(list.keys) == Set((0..<8).map { "key-\($0)" }))
    }

    @Test func writeResponse_IsReleasedOnlyAfterItsTransactionCommitted() throws {
        let file = TemporaryDatabase()
        defer { file.remove() }
        let store = try SQLiteStore(path: file.path)
        defer { store.close() }
        let context = APIContext(store: store)
        let gateway = APIGateway(context: context, router: LettaAPI.makeRouter(context: context))
        let request = HTTPRequest(
            method: .post, target: "/v1/identities/", headers: ["Content-Type": "application/json"],
            body: Array(Self.createBody("durable").utf8))
        // A separate connection sees only committed rows.
        nonisolated(unsafe) let probe = try SQLiteConnection(path: file.path, mode: .readOnly)
        defer { probe.close() }
        // Hold the writer thread so the observer is attached before the POST runs.
        let release = DispatchSemaphore(value: 0)
        #expect(store.perform(RecordingJob { release.wait() }) == .pending)
        guard case let .deferred(slot) = gateway.reply(to: request) else {
            Issue.record("a POST on SQLite should be deferred to the writer thread")
            return
        }
        let visibleAtCompletion = LockedList<Int64?>()
        let done = DispatchSemaphore(value: 0)
        slot.whenCompleted { response in
            #expect(response.status == .ok)
            visibleAtCompletion.append(try? probe.scalarInt("SELECT count(*) FROM identities WHERE identifier_key = 'durable'"))
            done.signal()
        }
        release.signal()
        #expect(done.wait(timeout: .now() + 5) == .success)
        #expect(visibleAtCompletion.values == [1])
    }

    @Test func lostTransaction_AnswersTheStoreError_NotTheComputedResponse() throws {
        let harness = try GatewayHarness(password: nil)
        let request = HTTPRequest(
            method: .post, target: "/v1/identities/", headers: ["Content-Type": "application/json"],
            body: Array(Self.createBody("lost").utf8))
        let job = RoutedWriteJob(
            gateway: harness.gateway, request: request,
            scope: RequestScope(principal: .admin, limits: .default), started: nil)
        job.run()
        job.failed(StoreError.unavailable(message: SQLiteStore.unavailableMessage))
        let response = APIResponse(job.slot.wait())
        #expect(response.status == 503)
        #expect(response.json == ["detail": .string(SQLiteStore.unavailableMessage)])
    }

    @Test func lostTransaction_AnswersAGeneric500_AndReportsAnUnknownError() throws {
        let harness = try GatewayHarness(password: nil)
        let reported = Mutex<[String]>([])
        let gateway = APIGateway(
            context: harness.gateway.context, router: LettaAPI.makeRouter(context: harness.gateway.context),
            onUnhandledError: { error, request in reported.withLock { $0.append("\(request.method) \(type(of: error))") } })
        let request = HTTPRequest(
            method: .post, target: "/v1/identities/", headers: ["Content-Type": "application/json"],
            body: Array(Self.createBody("unknown").utf8))
        let job = RoutedWriteJob(
            gateway: gateway, request: request, scope: RequestScope(principal: .admin, limits: .default),
            started: nil)
        job.run()
        job.failed(CancellationError())
        let response = APIResponse(job.slot.wait())
        #expect(response.status == 500)
        #expect(response.json == ["detail": .string("An unknown error occurred")])
        #expect(reported.withLock { $0 } == ["POST CancellationError"])
    }

    @Test func busyDatabase_AnswersWrites503_AndStillServesReads() throws {
        let file = TemporaryDatabase()
        defer { file.remove() }
        let store = try SQLiteStore(path: file.path, busyTimeoutMilliseconds: 50)
        defer { store.close() }
        let context = APIContext(store: store)
        let gateway = APIGateway(context: context, router: LettaAPI.makeRouter(context: context))
        let other = try SQLiteConnection(path: file.path)
        defer { other.close() }
        try other.run("BEGIN IMMEDIATE")
        let post = APIResponse(gateway.respond(to: HTTPRequest(
            method: .post, target: "/v1/identities/", headers: ["Content-Type": "application/json"],
            body: Array(Self.createBody("busy").utf8))))
        let invalid = APIResponse(gateway.respond(to: HTTPRequest(
            method: .post, target: "/v1/identities/", headers: ["Content-Type": "application/json"],
            body: Array("[]".utf8))))
        let list = APIResponse(gateway.respond(to: HTTPRequest(method: .get, target: "/v1/identities/")))
        try other.run("ROLLBACK")
        #expect(post.status == 503)
        #expect(post.json == ["detail": .string(SQLiteStore.unavailableMessage)])
        #expect(invalid.status == 422)
        #expect(list.status == 200)
        let retry = APIResponse(gateway.respond(to: HTTPRequest(
            method: .post, target: "/v1/identities/", headers: ["Content-Type": "application/json"],
            body: Array(Self.createBody("busy").utf8))))
        #expect(retry.status == 200)
    }
}
