import IdentityCore

/// Collects numbered parameters (`$1`, `$2`, …) and AND-ed conditions for one statement, so dynamic
/// SQL splices only placeholders and fixed fragments, never values.
struct PostgresQueryBuilder {
    private(set) var parameters: [PostgresValue] = []
    private(set) var conditions: [String] = []
    /// Set by conditions whose selectivity depends on the values (substring searches, tag sets, link
    /// counts): the statement is then planned per execution (`PostgresStatement.plansPerValue`).
    var plansPerValue = false
    /// Set by restrictions to the few rows linked to given keys (identity id or keys, block id): a list
    /// query driven by them has the same good plan whatever the values and limit, so its generic plan
    /// can be reused.
    var drivenByKeys = false

    /// Adds a parameter and returns its placeholder.
    mutating func bind(_ value: PostgresValue) -> String {
        parameters.append(value)
        return "$\(parameters.count)"
    }

    mutating func bind(_ text: String) -> String {
        bind(.text(text))
    }

    /// Adds a condition (AND-ed with the others).
    mutating func add(_ condition: String) {
        conditions.append(condition)
    }

    /// The conditions joined with AND (`TRUE` when there are none).
    var whereClause: String {
        conditions.isEmpty ? "TRUE" : conditions.joined(separator: " AND ")
    }

    /// A case-insensitive substring test of `expression` against `needle`, taken literally (no wildcards).
    /// Case folding is ASCII-only (`COLLATE "C"`), as SQLite's `lower()`.
    mutating func addContains(_ expression: String, _ needle: String) {
        plansPerValue = true
        add("strpos(lower(\(expression) COLLATE \"C\"), lower(\(bind(needle)) COLLATE \"C\")) > 0")
    }
}

/// One key of a list's order, as an SQL expression over a table alias, in the direction the page shows it.
struct PostgresSortKey {
    let expression: (_ alias: String) -> String
    let ascending: Bool

    /// `ORDER BY` terms for `keys` over `alias`.
    static func orderBy(_ keys: [PostgresSortKey], alias: String) -> String {
        keys.map { "\($0.expression(alias)) \($0.ascending ? "ASC" : "DESC")" }.joined(separator: ", ")
    }

    /// The condition "row `alias` comes strictly after (or before) row `cursor` in the page's order".
    /// Keys with one direction use a row comparison (index-friendly); mixed directions expand to
    /// `k1 > c1 OR (k1 = c1 AND (k2 > c2 OR …))`. Keys must not be NULL (wrap nullable ones in coalesce).
    static func beyond(_ keys: [PostgresSortKey], alias: String, cursor: String, after: Bool) -> String {
        func comparison(_ key: PostgresSortKey) -> String { key.ascending == after ? ">" : "<" }
        if keys.allSatisfy({ $0.ascending == keys[0].ascending }) {
            let rows = keys.map { $0.expression(alias) }.joined(separator: ", ")
            let cursors = keys.map { $0.expression(cursor) }.joined(separator: ", ")
            return "(\(rows)) \(comparison(keys[0])) (\(cursors))"
        }
        var condition = ""
        for key in keys.reversed() {
            let strict = "\(key.expression(alias)) \(comparison(key)) \(key.expression(cursor))"
            condition = condition.isEmpty
                ? strict : "(\(strict) OR (\(key.expression(alias)) = \(key.expression(cursor)) AND \(condition)))"
        }
        return condition
    }
}
