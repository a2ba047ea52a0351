import IdentityCore

/// An explicit transaction on one connection that costs no extra round trips: `BEGIN` travels in the
/// pipeline of the first statements, `COMMIT` in the pipeline of the last ones (`commit(after:)`).
///
/// When `commit(after:)` is the first call, a write transaction sends no `BEGIN` at all: the statements
/// run as one implicit transaction (a pipeline up to its sync point is all-or-nothing, and later
/// statements see earlier ones' writes). A transaction with its own `BEGIN` text (a read snapshot) sends
/// `BEGIN`, the statements and `COMMIT` together. The owner rolls back on failure.
final class PostgresTransaction {
    let connection: PostgresConnection
    private let beginSQL: String
    /// Whether `BEGIN` has been sent.
    private(set) var hasBegun = false
    /// Whether the commit has been sent: from then on a connection failure leaves the outcome unknown,
    /// before it the server rolls the transaction back when the connection dies.
    private(set) var commitSent = false

    /// Whether `commit(after:)` must send `BEGIN` even when nothing ran before (isolation other than the
    /// implicit transaction's READ COMMITTED).
    private let needsBegin: Bool

    init(_ connection: PostgresConnection, begin: String = "BEGIN") {
        self.connection = connection
        beginSQL = begin
        needsBegin = begin != "BEGIN"
    }

    /// Runs the statements inside the transaction (one round trip).
    @discardableResult
    func run(_ statements: [PostgresStatement]) throws(PostgresError) -> [PostgresResult] {
        guard !commitSent else { throw PostgresError.misuse("statement after the transaction's commit") }
        guard !hasBegun else { return try connection.run(statements) }
        hasBegun = true
        return Array(try connection.run([PostgresStatement(beginSQL)] + statements).dropFirst())
    }

    @discardableResult
    func query(_ sql: String, _ parameters: [PostgresValue] = []) throws(PostgresError) -> PostgresResult {
        try run([PostgresStatement(sql, parameters)])[0]
    }

    /// Runs the statements and commits, in one round trip. Calling it again does nothing.
    @discardableResult
    func commit(after statements: [PostgresStatement] = []) throws(PostgresError) -> [PostgresResult] {
        guard !commitSent else { return [] }
        commitSent = true
        if !hasBegun && !needsBegin { return try connection.run(statements) }
        let begin = hasBegun ? [] : [PostgresStatement(beginSQL)]
        hasBegun = true
        let results = try connection.run(begin + statements + [PostgresStatement("COMMIT")])
        return Array(results.dropFirst(begin.count).dropLast())
    }
}
