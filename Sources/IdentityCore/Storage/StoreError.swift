/// Domain-level storage failures, independent of the backend. The API layer turns each into
/// an HTTP error (see `APIError.init(_: StoreError)`).
public enum StoreError: Error, Sendable, Equatable {
    /// A uniqueness rule was broken, e.g. a second identity with the same
    /// (identifier_key, project_id, organization). `message` explains which.
    case conflict(kind: ObjectKind, message: String)
    /// A write referenced objects that do not exist in the organization. Nothing was written.
    case missingReferences(kind: ObjectKind, ids: [String])
    /// The object a write addressed does not exist in the organization.
    case notFound(kind: ObjectKind, id: String)
    /// A strict pagination cursor names no object of that kind.
    case cursorNotFound(kind: ObjectKind, id: String)
    /// The database cannot serve the request now (busy beyond its timeout, unreachable).
    case unavailable(message: String)
    /// The disk holding the database is full: writes fail until space is freed; reads still work.
    case storageFull(message: String)
}
