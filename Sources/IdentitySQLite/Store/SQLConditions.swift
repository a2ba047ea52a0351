import IdentityCore

/// Placeholder lists for `IN (…)`, padded to a few fixed sizes so that the statement cache sees a
/// handful of distinct SQL texts instead of one per list length.
///
/// Padding uses NULL, which `IN` never matches. Lists are processed in chunks of at most
/// `chunkSize` values, far below SQLite's limit on bound variables.
enum SQLPlaceholders {
    static let chunkSize = 512

    /// The padded length for a list of `count` values: the next power of two up to `chunkSize`,
    /// the exact count above it.
    static func paddedCount(_ count: Int) -> Int {
        guard count > 1 else { return 1 }
        guard count <= chunkSize else { return count }
        var size = 1
        while size < count { size <<= 1 }
        return size
    }

    /// `?,?,…,?` for `count` values after padding.
    static func list(_ count: Int) -> String {
        let size = paddedCount(count)
        if size <= chunkSize, let cached = cachedLists[size] { return cached }
        return makeList(size)
    }

    /// `values` followed by NULLs up to the padded length.
    static func padded(_ values: [SQLiteValue]) -> [SQLiteValue] {
        let size = paddedCount(values.count)
        guard size > values.count else { return values }
        return values + Array(repeating: .null, count: size - values.count)
    }

    /// Runs `body` once per chunk of at most `chunkSize` values, with the chunk's padded
    /// bindings and placeholder list, and concatenates the results.
    static func chunked<T>(
        _ values: [SQLiteValue], _ body: (_ placeholders: String, _ bindings: [SQLiteValue]) throws -> [T]
    ) throws -> [T] {
        guard !values.isEmpty else { return [] }
        var results: [T] = []
        var start = 0
        while start < values.count {
            let end = min(start + chunkSize, values.count)
            let chunk = Array(values[start..<end])
            results += try body(list(chunk.count), padded(chunk))
            start = end
        }
        return results
    }

    private static let cachedLists: [Int: String] = {
        var lists: [Int: String] = [:]
        var size = 1
        while size <= chunkSize {
            lists[size] = makeList(size)
            size <<= 1
        }
        return lists
    }()

    private static func makeList(_ size: Int) -> String {
        var text = "?"
        text.reserveCapacity(size * 2)
        for _ in 1..<max(size, 1) { text += ",?" }
        return text
    }
}

/// Conditions joined with AND, with their bindings in statement order.
struct SQLConditions {
    private(set) var clauses: [String] = []
    private(set) var bindings: [SQLiteValue] = []

    mutating func append(_ clause: String, _ values: [SQLiteValue] = []) {
        clauses.append(clause)
        bindings += values
    }

    /// `expression IN (?,…)` over `values` (padded; not chunked — for filter lists).
    mutating func appendIn(_ expression: String, _ values: [SQLiteValue]) {
        append("\(expression) IN (\(SQLPlaceholders.list(values.count)))", SQLPlaceholders.padded(values))
    }

    /// `expression` contains `needle` as a literal substring, ASCII letters compared
    /// case-insensitively (SQLite's `LIKE`, with `%`, `_` and backslash in `needle` escaped).
    mutating func appendContains(_ expression: String, _ needle: String) {
        var pattern = String.UnicodeScalarView()
        pattern.append("%")
        for scalar in needle.unicodeScalars {
            if scalar == "%" || scalar == "_" || scalar == "\\" { pattern.append("\\") }
            pattern.append(scalar)
        }
        pattern.append("%")
        append("\(expression) LIKE ? ESCAPE '\\'", [.text(String(pattern))])
    }

    /// Appends every condition of `other`.
    mutating func append(contentsOf other: SQLConditions) {
        clauses += other.clauses
        bindings += other.bindings
    }

    /// The conditions as one SQL expression (`1` when there are none).
    var sql: String {
        clauses.isEmpty ? "1" : clauses.joined(separator: " AND ")
    }
}

extension Array where Element == String {
    /// The strings as SQL text values.
    var sqlValues: [SQLiteValue] { map { .text($0) } }
}

extension Array where Element == Int64 {
    /// The integers as SQL integer values.
    var sqlValues: [SQLiteValue] { map { .integer($0) } }
}
