/// A result row as a storage engine reads it, column by column (0-based). Both engines'
/// rows conform, so each table has one decoder (`StoredRowDecoding`) and one column order
/// (`StoredColumns`) instead of one per engine.
public protocol StoredRow {
    func string(_ column: Int32) -> String
    func optionalString(_ column: Int32) -> String?
    func int(_ column: Int32) -> Int
    func int64(_ column: Int32) -> Int64
    func optionalInt64(_ column: Int32) -> Int64?
    func bool(_ column: Int32) -> Bool
    func optionalBool(_ column: Int32) -> Bool?
}

/// The stored columns of each table, in the order every engine selects them and
/// `StoredRowDecoding` reads them. An engine may put its own columns (a row key) before them
/// and its link columns after them, and passes the offset where these start.
public enum StoredColumns {
    /// `identities`: 8 columns.
    public static let identity = [
        "id", "organization_id", "identifier_key", "name", "identity_type", "project_id", "properties", "created_at",
    ]

    /// `blocks`: 20 columns.
    public static let block = [
        "id", "organization_id", "label", "description", "metadata", "value_limit", "project_id", "template_name",
        "is_template", "template_id", "base_template_id", "deployment_id", "entity_id", "preserve_on_migration",
        "read_only", "hidden", "created_by_id", "last_updated_by_id", "created_at", "value",
    ]

    /// `agents` (12 columns) followed by its document row's `document` and `system` (2 columns), then
    /// `agentRevision` from `agents` (1 column).
    public static let agent = [
        "id", "organization_id", "name", "created_at", "updated_at", "last_run_completion", "project_id",
        "template_id", "base_template_id", "hidden", "last_stop_reason", "created_by_id",
    ]
    public static let agentDocument = ["document", "system"]
    /// Selected after `agentDocument`: the agent row's revision (`Agent.revision`).
    public static let agentRevision = "revision"

    /// The block columns an `INSERT` or `UPDATE` writes (all but `id` and `organization_id`), in
    /// the order of each engine's value list.
    public static let blockValues = Array(block.dropFirst(2))

    /// The agent columns an `INSERT` or `UPDATE` writes (all but `id` and `organization_id`;
    /// the document row is written separately), in the order of each engine's value list.
    public static let agentValues = [
        "name", "created_at", "updated_at", "last_run_completion", "project_id", "template_id", "base_template_id",
        "hidden", "last_stop_reason", "created_by_id",
    ]

    /// `columns` qualified with a table alias and joined for a select list: `a.id, a.name`.
    public static func selectList(_ columns: [String], alias: String) -> String {
        columns.map { "\(alias).\($0)" }.joined(separator: ", ")
    }
}
