/// A cheap fingerprint of everything committed to a store: two equal stamps mean no write
/// committed between the two readings, by this process or by any other sharing the database.
/// Opaque to the domain; an engine fills it from whatever it can read without a query (SQLite:
/// the WAL-index header, `SQLiteCommitStamps`). Used to skip re-checking a cached agent rendering
/// (`AgentRenderCache`) when nothing at all was written since it was last found current.
public struct CommitStamp: Equatable, Sendable {
    private let w0, w1, w2, w3, w4, w5: UInt64

    public init(_ w0: UInt64, _ w1: UInt64, _ w2: UInt64, _ w3: UInt64, _ w4: UInt64, _ w5: UInt64) {
        (self.w0, self.w1, self.w2, self.w3, self.w4, self.w5) = (w0, w1, w2, w3, w4, w5)
    }
}

extension IdentityStore {
    /// No stamp: the store cannot tell cheaply, so every cached rendering is re-checked
    /// (PostgreSQL, where other instances write without leaving a trace this process can see).
    public func commitStamp() -> CommitStamp? { nil }
}
