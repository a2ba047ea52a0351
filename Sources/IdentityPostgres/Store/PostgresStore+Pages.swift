import IdentityCore

/// One page of a list query: the filtered `SELECT`, its order and cursor handling.
struct PostgresPageQuery {
    /// The table the cursors name rows of, and its alias in `select`.
    let table: String
    let alias: String
    let kind: ObjectKind
    /// `SELECT … FROM table alias [JOIN …]`, without WHERE.
    let select: String
    /// The filter conditions and their parameters.
    var builder: PostgresQueryBuilder
    /// The order of the page (already in the page's direction).
    let keys: [PostgresSortKey]

    /// Runs the page: cursor lookups and the page itself travel in one pipeline (one round trip). An
    /// unknown cursor (not a row of `table` in the organization) throws `StoreError.cursorNotFound` under
    /// `.strict`; under `.lenient` it is ignored (the page is then queried again without it).
    func run(
        page: PageRequest, cursors: CursorPolicy, organizationID: String,
        _ execute: ([PostgresStatement]) throws -> [PostgresResult]
    ) throws -> PostgresResult {
        var cursorIDs: [(id: String, after: Bool)] = []
        if let after = page.after { cursorIDs.append((after, true)) }
        if let before = page.before { cursorIDs.append((before, false)) }
        let lookups = cursorIDs.map {
            PostgresStatement(
                "SELECT 1 FROM \(table) WHERE id = $1 AND organization_id = $2", [.text($0.id), .text(organizationID)])
        }
        let results = try execute(lookups + [statement(cursorIDs, limit: page.limit, organizationID: organizationID)])
        var known: [(id: String, after: Bool)] = []
        for (cursor, lookup) in zip(cursorIDs, results) {
            if lookup.rowCount > 0 {
                known.append(cursor)
            } else if cursors == .strict {
                throw StoreError.cursorNotFound(kind: kind, id: cursor.id)
            }
        }
        if known.count == cursorIDs.count { return results[results.count - 1] }
        return try execute([statement(known, limit: page.limit, organizationID: organizationID)])[0]
    }

    private func statement(_ cursors: [(id: String, after: Bool)], limit: Int?, organizationID: String) -> PostgresStatement {
        var builder = self.builder
        var joins = ""
        for cursor in cursors {
            let name = cursor.after ? "after_row" : "before_row"
            joins += " CROSS JOIN (SELECT * FROM \(table) WHERE id = \(builder.bind(cursor.id)) "
                + "AND organization_id = \(builder.bind(organizationID))) AS \(name)"
            builder.add(PostgresSortKey.beyond(keys, alias: alias, cursor: name, after: cursor.after))
        }
        let limitPlaceholder = builder.bind(.int(limit.map { max(0, $0) }))
        let sql = "\(select)\(joins) WHERE \(builder.whereClause) ORDER BY "
            + "\(PostgresSortKey.orderBy(keys, alias: alias)) LIMIT \(limitPlaceholder)"
        // Planned for its values unless driven by a few keyed rows: a generic plan cannot see the LIMIT (it
        // assumes 10 % of the table) nor how selective the filters are.
        return PostgresStatement(sql, builder.parameters, plansPerValue: builder.plansPerValue || !builder.drivenByKeys)
    }
}

extension PostgresSortKey {
    /// `(created_at, id)` in the page's order.
    static func createdAt(_ order: SortOrder) -> [PostgresSortKey] {
        let ascending = order == .ascending
        return [
            PostgresSortKey(expression: { "\($0).created_at" }, ascending: ascending),
            PostgresSortKey(expression: { "\($0).id" }, ascending: ascending),
        ]
    }
}
