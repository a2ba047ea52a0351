import Dispatch
import Foundation
import Testing

@testable import IdentityCore
@testable import IdentityPostgres
import IdentityTestSupport

/// The measurement behind `PostgresStore`'s threading choice: a query run on the calling thread (the
/// event-loop worker, whose handler is synchronous) against the same query handed to a worker pool
/// while the caller waits. Prints figures; runs only on request, in release mode:
///
///     IDENTITY_MEASURE_POSTGRES=1 scripts/with-postgres.sh swift test -c release --filter PostgresStoreMeasurement
@Suite(
    "PostgresStore measurement",
    .enabled(if: PostgresTestEnvironment.isAvailable && ProcessInfo.processInfo.environment["IDENTITY_MEASURE_POSTGRES"] == "1"))
struct PostgresStoreMeasurementTests {
    static let iterations = 4_000

    /// Microseconds per call of `body`, over `iterations` calls on each of `threads` threads at once.
    func measure(threads: Int, _ body: @escaping @Sendable () throws -> Void) -> (microsecondsPerCall: Double, callsPerSecond: Double) {
        let started = DispatchTime.now().uptimeNanoseconds
        onThreads(threads) { _ in
            for _ in 0..<Self.iterations { try? body() }
        }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
        let calls = Double(threads * Self.iterations)
        return (seconds / Double(Self.iterations) * 1e6, calls / seconds)
    }

    /// Runs `body` on a bounded pool of `workers` GCD threads while the caller blocks, as a synchronous
    /// handler would have to.
    final class HandOff: @unchecked Sendable {
        let queue = DispatchQueue(label: "postgres-workers", attributes: .concurrent)
        let slots: DispatchSemaphore

        init(workers: Int) { slots = DispatchSemaphore(value: workers) }

        func run(_ body: @escaping @Sendable () throws -> Void) {
            let done = DispatchSemaphore(value: 0)
            slots.wait()
            queue.async {
                try? body()
                self.slots.signal()
                done.signal()
            }
            done.wait()
        }
    }

    @Test func blockingOnTheCaller_VersusHandingOffToAWorkerPool() throws {
        let store = try PostgresFixture.store(poolSize: 4)
        let identity = try store.createIdentity(StoreFixture.identity("measured"))
        let org = StoreFixture.org
        let lookup: @Sendable () throws -> Void = {
            guard try store.identity(id: identity.id, organizationID: org) != nil else { throw StoreError.notFound(kind: .identity, id: "") }
        }
        #expect(try store.identity(id: identity.id, organizationID: org) == identity)
        let handOff = HandOff(workers: 4)
        _ = measure(threads: 2, lookup)

        let select1 = measure(threads: 1) { try store.pool.withConnection { _ = try $0.query("SELECT 1") } }
        let direct1 = measure(threads: 1, lookup)
        let handed1 = measure(threads: 1) { handOff.run(lookup) }
        let direct2 = measure(threads: 2, lookup)
        let handed2 = measure(threads: 2) { handOff.run(lookup) }
        let creates = measure(threads: 2) { _ = try store.createIdentity(StoreFixture.identity(ObjectID.generate(.identity))) }

        func line(_ name: String, _ value: (microsecondsPerCall: Double, callsPerSecond: Double)) -> String {
            "\(name): \(Int(value.microsecondsPerCall.rounded())) µs per call on each thread, \(Int(value.callsPerSecond.rounded())) calls/s"
        }
        print("""
            PostgresStore measurement (\(Self.iterations) calls per thread, pool of 4 connections):
              \(line("SELECT 1, 1 thread", select1))
              \(line("identity(id:) on the caller, 1 thread", direct1))
              \(line("identity(id:) handed to a worker pool, 1 thread", handed1))
              \(line("identity(id:) on the caller, 2 threads", direct2))
              \(line("identity(id:) handed to a worker pool, 2 threads", handed2))
              \(line("createIdentity on the caller, 2 threads", creates))
            """)
        #expect(direct1.callsPerSecond > 0 && handed1.callsPerSecond > 0)
    }
}
