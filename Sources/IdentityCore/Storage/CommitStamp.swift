/// A cheap fingerprint of everything committed to a store: two equal stamps mean no write
/// committed between the two readings, by this process or by any other sharing the database.
/// Opaque to the domain; an engine fills it from whatever it can read without a query (SQLite:
/// the WAL-index header, `SQLiteCommitStamps`). Used to skip re-checking a cached agent rendering
/// (`AgentRenderCache`) when nothing at all was written since it was last found current.
public struct CommitStamp: Equatable, Sendable {
    private let words: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64)

    public init(_ w0: UInt64, _ w1: UInt64, _ w2: UInt64, _ w3: UInt64, _ w4: UInt64, _ w5: UInt64) {
        words = (w0, w1, w2, w3, w4, w5)
    }

    public static func == (lhs: CommitStamp, rhs: CommitStamp) -> Bool {
        lhs.words.0 == rhs.words.0 && lhs.words.1 == rhs.words.1 && lhs.words.2 == rhs.words.2
            && lhs.words.3 == rhs.words.3 && lhs.words.4 == rhs.words.4 && lhs.words.5 == rhs.words.5
    }
}

extension IdentityStore {
    /// No stamp: the store cannot tell cheaply, so every cached rendering is re-checked
    /// (PostgreSQL, where other instances write without leaving a trace this process can see).
    public func commitStamp() -> CommitStamp? { nil }
}
