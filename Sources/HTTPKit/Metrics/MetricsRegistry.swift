import Synchronization

/// The metrics of one process, rendered in Prometheus's text format by `render()`.
///
/// Families are registered once with fixed label names; `labels(…)` hands out the series
/// for a tuple of label values, created on first use. A family holds at most `maxSeries`
/// series: values beyond that share one series whose labels are all `other`, so ids or other
/// unbounded input can never grow a scrape. Hot paths keep the series they use. Values known
/// only at scrape time (file sizes, pool state) come from collectors, called on each render.
///
/// ```swift
/// let registry = MetricsRegistry()
/// let jobs = registry.counter("jobs_total", help: "Jobs done.", labels: ["queue"])
/// jobs.labels("mail").increment()
/// registry.addCollector { writer in
///     writer.family("queue_depth", help: "Jobs waiting.", type: .gauge)
///     writer.sample("queue_depth", value: Double(queue.count))
/// }
/// ```
public final class MetricsRegistry: Sendable {
    /// A render step: a family's series, or a collector.
    private typealias Part = @Sendable (inout PrometheusTextWriter) -> Void

    private let parts = Mutex<[Part]>([])

    public init() {}

    public func counter(_ name: String, help: String, labels: [String] = [], maxSeries: Int = 200) -> MetricFamily<MetricCounter> {
        register(MetricFamily(name: name, help: help, type: .counter, labelNames: labels, maxSeries: maxSeries) { MetricCounter() })
    }

    public func gauge(_ name: String, help: String, labels: [String] = [], maxSeries: Int = 200) -> MetricFamily<MetricGauge> {
        register(MetricFamily(name: name, help: help, type: .gauge, labelNames: labels, maxSeries: maxSeries) { MetricGauge() })
    }

    public func histogram(
        _ name: String, help: String, labels: [String] = [], bounds: [Double] = MetricHistogram.durationBounds,
        maxSeries: Int = 200
    ) -> MetricFamily<MetricHistogram> {
        register(MetricFamily(name: name, help: help, type: .histogram, labelNames: labels, maxSeries: maxSeries) {
            MetricHistogram(bounds: bounds)
        })
    }

    /// Adds a step that writes whole families (`# HELP`, `# TYPE`, samples) at each render.
    public func addCollector(_ collect: @escaping @Sendable (inout PrometheusTextWriter) -> Void) {
        parts.withLock { $0.append(collect) }
    }

    /// Every family and collector, in the order they were added.
    public func render() -> [UInt8] {
        let steps = parts.withLock { $0 }
        var writer = PrometheusTextWriter()
        for step in steps { step(&writer) }
        return writer.bytes
    }

    private func register<Series>(_ family: MetricFamily<Series>) -> MetricFamily<Series> {
        addCollector { family.write(into: &$0) }
        return family
    }
}

/// The series of one metric family by label values (see `MetricsRegistry`).
public final class MetricFamily<Series: MetricSeries>: Sendable {
    public let name: String
    public let help: String
    public let type: PrometheusTextWriter.MetricType
    public let labelNames: [String]
    public let maxSeries: Int
    private let make: @Sendable () -> Series
    private let series = Mutex<(byValues: [[String]: Series], order: [[String]])>(([:], []))

    /// The label value every label of the overflow series has.
    public static var overflowValue: String { "other" }

    init(
        name: String, help: String, type: PrometheusTextWriter.MetricType, labelNames: [String], maxSeries: Int,
        make: @escaping @Sendable () -> Series
    ) {
        self.name = name
        self.help = help
        self.type = type
        self.labelNames = labelNames
        self.maxSeries = max(1, maxSeries)
        self.make = make
    }

    /// The series for these label values (one per label name, in order), created on first use.
    public func labels(_ values: String...) -> Series {
        labels(values)
    }

    public func labels(_ values: [String]) -> Series {
        precondition(values.count == labelNames.count, "\(name) takes \(labelNames.count) label values")
        return series.withLock { state in
            if let existing = state.byValues[values] { return existing }
            var key = values
            if state.order.count >= maxSeries - 1 && !labelNames.isEmpty {
                key = Array(repeating: Self.overflowValue, count: labelNames.count)
                if let overflow = state.byValues[key] { return overflow }
            }
            let created = make()
            state.byValues[key] = created
            state.order.append(key)
            return created
        }
    }

    /// Series created so far (the overflow one included).
    public var seriesCount: Int { series.withLock { $0.order.count } }

    func write(into writer: inout PrometheusTextWriter) {
        let snapshot = series.withLock { state in state.order.map { ($0, state.byValues[$0]!) } }
        writer.family(name, help: help, type: type)
        for (values, series) in snapshot {
            series.write(name, labels: Array(zip(labelNames, values)), into: &writer)
        }
    }
}
