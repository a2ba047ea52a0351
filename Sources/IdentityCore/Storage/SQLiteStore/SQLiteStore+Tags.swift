extension SQLiteStore {
    /// The distinct tags of the organization's agents and blocks (UNION), ordered by code point
    /// (`COLLATE BINARY` on UTF-8 text), cursors compared as strings in the page's order,
    /// `nameContains` a case-insensitive substring (ASCII case folding, as SQLite's `lower`).
    public func listTags(nameContains: String?, page: PageRequest, organizationID: String) throws -> [String] {
        let limit = page.limit.map { max(0, $0) }
        if limit == 0 { return [] }
        var conditions = SQLConditions()
        let ascending = page.order == .ascending
        if let after = page.after {
            conditions.append(ascending ? "tag > ?" : "tag < ?", [.text(after)])
        }
        if let before = page.before {
            conditions.append(ascending ? "tag < ?" : "tag > ?", [.text(before)])
        }
        if let nameContains {
            conditions.append("instr(lower(tag), lower(?)) > 0", [.text(nameContains)])
        }
        let direction = ascending ? "ASC" : "DESC"
        let sql = """
            SELECT tag FROM (
                SELECT tag FROM agent_tags WHERE organization_id = ?
                UNION
                SELECT tag FROM block_tags WHERE organization_id = ?
            ) WHERE \(conditions.sql) ORDER BY tag COLLATE BINARY \(direction) LIMIT ?
            """
        let bindings = [.text(organizationID), .text(organizationID)] + conditions.bindings + [.integer(Int64(limit ?? -1))]
        return try read { db in try db.query(sql, bindings) { $0.string(0) } }
    }
}
