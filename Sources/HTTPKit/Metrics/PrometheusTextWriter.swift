/// Writes Prometheus's text exposition format, version 0.0.4: `# HELP` and `# TYPE` lines per
/// family, then one `name{label="value",…} value` line per sample. Label values are escaped
/// (`\\`, `\"`, `\n`), help text too (`\\`, `\n`); numbers are written as Go's `ParseFloat`
/// reads them (`+Inf`, `-Inf`, `NaN`, integers without a fraction).
///
/// ```swift
/// var writer = PrometheusTextWriter()
/// writer.family("jobs_total", help: "Jobs done.", type: .counter)
/// writer.sample("jobs_total", labels: [("queue", "mail")], value: 12)
/// let body = writer.bytes
/// ```
public struct PrometheusTextWriter: Sendable {
    /// The `Content-Type` of a scrape answer in this format.
    public static let contentType = "text/plain; version=0.0.4; charset=utf-8"

    /// A family's `# TYPE`.
    public enum MetricType: String, Sendable {
        case counter, gauge, histogram, untyped
    }

    public private(set) var bytes: [UInt8] = []

    public init(capacity: Int = 4096) {
        bytes.reserveCapacity(capacity)
    }

    /// The `# HELP` and `# TYPE` lines that open a family.
    public mutating func family(_ name: String, help: String, type: MetricType) {
        append("# HELP ")
        append(name)
        bytes.append(UInt8(ascii: " "))
        for byte in help.utf8 {
            switch byte {
            case UInt8(ascii: "\\"): append("\\\\")
            case UInt8(ascii: "\n"): append("\\n")
            default: bytes.append(byte)
            }
        }
        append("\n# TYPE ")
        append(name)
        bytes.append(UInt8(ascii: " "))
        append(type.rawValue)
        bytes.append(UInt8(ascii: "\n"))
    }

    /// One sample line with a floating-point value.
    public mutating func sample(_ name: String, labels: [(String, String)] = [], value: Double) {
        sampleHead(name, labels)
        appendNumber(value)
        bytes.append(UInt8(ascii: "\n"))
    }

    /// One sample line with an integer value (counts, bytes).
    public mutating func sample(_ name: String, labels: [(String, String)] = [], value: UInt64) {
        sampleHead(name, labels)
        append(String(value))
        bytes.append(UInt8(ascii: "\n"))
    }

    /// The cumulative `_bucket` lines (with `le`, ending in `+Inf`), `_sum` and `_count` of one
    /// histogram series. `counts` are per-bucket (not cumulative), one more than `bounds`: the
    /// last counts the values above every bound.
    public mutating func histogram(
        _ name: String, labels: [(String, String)] = [], bounds: [Double], counts: [UInt64], sum: Double
    ) {
        var cumulative: UInt64 = 0
        for (index, count) in counts.enumerated() {
            cumulative &+= count
            let bound = index < bounds.count ? Self.format(bounds[index]) : "+Inf"
            sample(name + "_bucket", labels: labels + [("le", bound)], value: cumulative)
        }
        sample(name + "_sum", labels: labels, value: sum)
        sample(name + "_count", labels: labels, value: cumulative)
    }

    private mutating func sampleHead(_ name: String, _ labels: [(String, String)]) {
        append(name)
        if !labels.isEmpty {
            bytes.append(UInt8(ascii: "{"))
            for (index, (label, value)) in labels.enumerated() {
                if index > 0 { bytes.append(UInt8(ascii: ",")) }
                append(label)
                append("=\"")
                for byte in value.utf8 {
                    switch byte {
                    case UInt8(ascii: "\\"): append("\\\\")
                    case UInt8(ascii: "\""): append("\\\"")
                    case UInt8(ascii: "\n"): append("\\n")
                    default: bytes.append(byte)
                    }
                }
                bytes.append(UInt8(ascii: "\""))
            }
            bytes.append(UInt8(ascii: "}"))
        }
        bytes.append(UInt8(ascii: " "))
    }

    private mutating func appendNumber(_ value: Double) {
        append(Self.format(value))
    }

    /// A number as the exposition format writes it.
    public static func format(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value > 0 ? "+Inf" : "-Inf" }
        if value == value.rounded(), abs(value) < 9.0e15 { return String(Int64(value)) }
        return value.description
    }

    private mutating func append(_ text: String) {
        bytes.append(contentsOf: text.utf8)
    }
}
