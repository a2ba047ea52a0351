import Synchronization

/// One series of a metric family: something that writes its sample lines.
public protocol MetricSeries: AnyObject, Sendable {
    /// The sample lines of this series, named `name`, with `labels`.
    func write(_ name: String, labels: [(String, String)], into writer: inout PrometheusTextWriter)
}

/// A counter: only goes up. Safe from any thread (a relaxed atomic add).
public final class MetricCounter: MetricSeries {
    private let storage = Atomic<UInt64>(0)

    public init() {}

    public func increment(by amount: UInt64 = 1) {
        storage.wrappingAdd(amount, ordering: .relaxed)
    }

    public var value: UInt64 { storage.load(ordering: .relaxed) }

    public func write(_ name: String, labels: [(String, String)], into writer: inout PrometheusTextWriter) {
        writer.sample(name, labels: labels, value: value)
    }
}

/// A gauge: a value that goes up and down, stored as a Double's bits.
public final class MetricGauge: MetricSeries {
    private let bits = Atomic<UInt64>(0.0.bitPattern)

    public init() {}

    public func set(_ value: Double) {
        bits.store(value.bitPattern, ordering: .relaxed)
    }

    public func add(_ delta: Double) {
        bits.addDouble(delta)
    }

    public var value: Double { Double(bitPattern: bits.load(ordering: .relaxed)) }

    public func write(_ name: String, labels: [(String, String)], into writer: inout PrometheusTextWriter) {
        writer.sample(name, labels: labels, value: value)
    }
}

/// A histogram with fixed upper bounds: per-bucket counts, the sum and the count of the
/// observed values. Safe from any thread; a scrape may see a value counted in its bucket a
/// moment before it is in the sum.
public final class MetricHistogram: MetricSeries {
    public let bounds: [Double]
    private let counts: AtomicCounterArray
    private let sumBits = Atomic<UInt64>(0.0.bitPattern)

    /// `bounds` ascending; a last `+Inf` bucket is implied.
    public init(bounds: [Double]) {
        precondition(zip(bounds, bounds.dropFirst()).allSatisfy { $0 < $1 }, "histogram bounds must ascend")
        self.bounds = bounds
        counts = AtomicCounterArray(count: bounds.count + 1)
    }

    public func observe(_ value: Double) {
        var index = 0
        while index < bounds.count && value > bounds[index] { index += 1 }
        counts.add(index, 1)
        sumBits.addDouble(value)
    }

    /// Per-bucket counts (not cumulative), the last one above every bound.
    public var bucketCounts: [UInt64] { (0..<counts.count).map { counts.load($0) } }

    public var sum: Double { Double(bitPattern: sumBits.load(ordering: .relaxed)) }

    public func write(_ name: String, labels: [(String, String)], into writer: inout PrometheusTextWriter) {
        writer.histogram(name, labels: labels, bounds: bounds, counts: bucketCounts, sum: sum)
    }

    /// Bounds from 0.5 ms to 10 s, for request and commit durations in seconds.
    public static let durationBounds: [Double] = [
        0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10,
    ]
}

extension Atomic where Value == UInt64 {
    /// Adds `delta` to the Double whose bits this holds (a compare-and-exchange loop).
    func addDouble(_ delta: Double) {
        var current = load(ordering: .relaxed)
        while true {
            let next = (Double(bitPattern: current) + delta).bitPattern
            let (exchanged, original) = compareExchange(expected: current, desired: next, ordering: .relaxed)
            if exchanged { return }
            current = original
        }
    }
}
