extension SQLiteStore {
    /// The distinct tags of the organization's agents and blocks (`organization_tags`, kept by
    /// triggers on both tag tables), ordered by code point (`COLLATE BINARY` on UTF-8 text),
    /// cursors compared as strings in the page's order, `nameContains` a case-insensitive literal
    /// substring (ASCII case folding, as SQLite's `lower`).
    public func listTags(nameContains: String?, page: PageRequest, organizationID: String) throws -> [String] {
        guard
            let statement = Self.tagPageStatement(
                nameContains: nameContains, page: page, organizationID: organizationID)
        else { return [] }
        return try read { db in try db.query(statement.sql, statement.bindings) { $0.string(0) } }
    }

    /// The statement selecting one page of tags, or nil for `limit == 0`.
    static func tagPageStatement(
        nameContains: String?, page: PageRequest, organizationID: String
    ) -> (sql: String, bindings: [SQLiteValue])? {
        let limit = page.limit.map { max(0, $0) }
        if limit == 0 { return nil }
        var conditions = SQLConditions()
        conditions.append("organization_id = ?", [.text(organizationID)])
        let ascending = page.order == .ascending
        if let after = page.after {
            conditions.append(ascending ? "tag > ?" : "tag < ?", [.text(after)])
        }
        if let before = page.before {
            conditions.append(ascending ? "tag < ?" : "tag > ?", [.text(before)])
        }
        if let nameContains {
            conditions.appendContains("tag", nameContains)
        }
        let direction = ascending ? "ASC" : "DESC"
        let sql = """
            SELECT tag FROM organization_tags WHERE \(conditions.sql) ORDER BY tag COLLATE BINARY \(direction) LIMIT ?
            """
        return (sql, conditions.bindings + [.integer(Int64(limit ?? -1))])
    }
}
