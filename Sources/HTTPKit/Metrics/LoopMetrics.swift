/// The counters of one event loop. Only that loop writes them (plain relaxed loads and stores,
/// no locked instruction and no lock per request); a scrape on any thread reads them all and
/// adds the loops up (`HTTPServerMetrics`).
///
/// Requests are counted in a fixed open-addressing table keyed by (route, method, status):
/// the writer stores a new slot's count before publishing its key, so a reader that sees the
/// key sees a count. Durations go to one histogram row per route (bucket counts and the sum
/// in nanoseconds).
final class LoopMetrics: Sendable {
    /// Scalar slots.
    enum Slot: Int, CaseIterable {
        case bytesReceived, bytesSent, openConnections, inFlight, refusedConnections, uncountedRequests
    }

    static let tableCapacity = 4096
    static let methods: [HTTPMethod] = [.get, .head, .post, .put, .patch, .delete, .options]
    static let parseErrorKinds = HTTPParseError.allCases

    let scalars = AtomicCounterArray(count: Slot.allCases.count)
    let parseErrors = AtomicCounterArray(count: LoopMetrics.parseErrorKinds.count)
    let requestKeys = AtomicCounterArray(count: LoopMetrics.tableCapacity)
    let requestCounts = AtomicCounterArray(count: LoopMetrics.tableCapacity)
    /// Per route slot (0 = unmatched, then each template): bucket counts, then the sum in ns.
    let durations: AtomicCounterArray
    let routeSlots: Int
    let boundsNanoseconds: [UInt64]

    init(routeCount: Int, bounds: [Double]) {
        routeSlots = routeCount + 1
        boundsNanoseconds = bounds.map { UInt64($0 * 1e9) }
        durations = AtomicCounterArray(count: routeSlots * (bounds.count + 2))
    }

    var rowWidth: Int { boundsNanoseconds.count + 2 }

    @inline(__always)
    func bump(_ slot: Slot, by amount: UInt64 = 1) {
        scalars.bump(slot.rawValue, by: amount)
    }

    @inline(__always)
    func set(_ slot: Slot, _ value: Int) {
        scalars.set(slot.rawValue, UInt64(max(0, value)))
    }

    @inline(__always)
    func requestStarted() {
        scalars.bump(Slot.inFlight.rawValue)
    }

    @inline(__always)
    func requestFinished() {
        scalars.set(Slot.inFlight.rawValue, scalars.load(Slot.inFlight.rawValue) &- 1)
    }

    func countParseError(_ error: HTTPParseError) {
        if let index = Self.parseErrorKinds.firstIndex(of: error) { parseErrors.bump(index) }
    }

    /// Counts one answered request and its duration.
    func record(method: HTTPMethod, route: RouteLabel, status: Int, nanoseconds: UInt64) {
        let routeSlot = route.index >= 0 && Int(route.index) + 1 < routeSlots ? Int(route.index) + 1 : 0
        let key = UInt64(routeSlot) << 14 | UInt64(Self.methodIndex(method)) << 10 | UInt64(status & 0x3FF)
        countRequest(key)
        let row = routeSlot * rowWidth
        var bucket = 0
        while bucket < boundsNanoseconds.count && nanoseconds > boundsNanoseconds[bucket] { bucket += 1 }
        durations.bump(row + bucket)
        durations.bump(row + boundsNanoseconds.count + 1, by: nanoseconds)
    }

    private func countRequest(_ key: UInt64) {
        let mask = Self.tableCapacity - 1
        var index = Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> 52) & mask
        for _ in 0..<Self.tableCapacity {
            let stored = requestKeys.load(index)
            if stored == key {
                requestCounts.bump(index)
                return
            }
            if stored == 0 {
                requestCounts.set(index, 1)
                requestKeys.publish(index, key)
                return
            }
            index = (index + 1) & mask
        }
        bump(.uncountedRequests)
    }

    /// 0…6 for the methods in `methods`, 7 for any other.
    @inline(__always)
    static func methodIndex(_ method: HTTPMethod) -> Int {
        for (index, known) in methods.enumerated() where known == method { return index }
        return methods.count
    }

    /// The label of a method index.
    static func methodName(_ index: Int) -> String {
        index < methods.count ? methods[index].rawValue : "other"
    }

    /// Each request key and its count, as this loop has them now.
    func requestCountsSnapshot() -> [(key: UInt64, count: UInt64)] {
        var result: [(key: UInt64, count: UInt64)] = []
        for index in 0..<Self.tableCapacity {
            let key = requestKeys.acquire(index)
            if key != 0 { result.append((key, requestCounts.load(index))) }
        }
        return result
    }
}
