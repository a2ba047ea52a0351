import HTTPKit
import IdentityCore

/// What a migrate or import run did, per kind, with every skipped object and every difference
/// the verification pass found.
public struct MigrationReport: Sendable {
    /// Outcome counts of one kind.
    public struct Tally: Sendable, Equatable {
        public var source = 0
        public var created = 0
        public var updated = 0
        public var unchanged = 0
        public var skipped = 0
    }

    public var tallies: [ObjectKind: Tally] = [.block: Tally(), .identity: Tally(), .agent: Tally()]
    /// `kind id: reason` of each object not written.
    public var skipped: [String] = []
    /// Differences found by the verification pass (empty when it found none or did not run).
    public var differences: [String] = []
    public var verified = false
    /// Reading and writing, before the verification pass.
    public var seconds = 0.0
    /// The read (migrate: Letta; import: decoding the dump) and the write, within `seconds`.
    public var readSeconds = 0.0
    public var writeSeconds = 0.0

    public init() {}

    mutating func record(_ kind: ObjectKind, id: String, _ outcome: ImportOutcome) {
        var tally = tallies[kind, default: Tally()]
        tally.source += 1
        switch outcome {
        case .created: tally.created += 1
        case .updated: tally.updated += 1
        case .unchanged: tally.unchanged += 1
        case .skipped(let reason):
            tally.skipped += 1
            skipped.append("\(kind.rawValue) \(id): \(reason)")
        }
        tallies[kind] = tally
    }

    public var objectCount: Int { tallies.values.reduce(0) { $0 + $1.source } }

    /// 0 when everything was carried and verified, 3 when objects were skipped or differ.
    public var exitStatus: Int32 { skipped.isEmpty && differences.isEmpty ? 0 : 3 }

    /// The summary table, then the skipped objects and differences, one per line.
    public func render(dryRun: Bool) -> String {
        let verbs = dryRun ? ("would create", "would update") : ("created", "updated")
        let header = ["kind", "source", verbs.0, verbs.1, "unchanged", "skipped"]
        var rows = [header]
        for (kind, label) in [(ObjectKind.block, "blocks"), (.identity, "identities"), (.agent, "agents"), (.apiKey, "api_keys")] {
            let tally = tallies[kind, default: Tally()]
            if kind == .apiKey && tally.source == 0 { continue }
            rows.append([label] + [tally.source, tally.created, tally.updated, tally.unchanged, tally.skipped].map(String.init))
        }
        let widths = (0..<header.count).map { column in rows.map { $0[column].count }.max() ?? 0 }
        var text = rows.map { row in
            row.enumerated().map { column, cell in
                let pad = String(repeating: " ", count: widths[column] - cell.count)
                return column == 0 ? cell + pad : pad + cell
            }.joined(separator: "  ")
        }.joined(separator: "\n")
        let rate = seconds > 0 ? Double(objectCount) / seconds : 0
        text += "\n\(objectCount) objects in \(StandardStreams.fixed(seconds, digits: 1)) s (\(StandardStreams.fixed(rate, digits: 0)) objects/s)"
        if writeSeconds > 0 {
            let writeRate = Double(objectCount) / writeSeconds
            text += ": reading \(StandardStreams.fixed(readSeconds, digits: 1)) s, writing"
                + " \(StandardStreams.fixed(writeSeconds, digits: 1)) s (\(StandardStreams.fixed(writeRate, digits: 0)) objects/s)"
        }
        for line in skipped { text += "\nskipped \(line)" }
        if verified {
            text += differences.isEmpty
                ? "\nverified: both sides hold the same objects"
                : "\nverification found \(differences.count) difference(s):"
            for line in differences { text += "\n  \(line)" }
        }
        return text
    }
}
