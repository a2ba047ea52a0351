/// An explicit transaction on one connection that costs no extra round trips: `BEGIN` travels in the
/// pipeline of the first statements, `COMMIT` in the pipeline of the last ones (`commit(after:)`).
///
/// When `commit(after:)` is the first call, no `BEGIN` is sent at all: the statements run as one implicit
/// transaction (a pipeline up to its sync point is all-or-nothing). The owner rolls back on failure.
final class PostgresTransaction {
    let connection: PostgresConnection
    private let beginSQL: String
    /// Whether `BEGIN` has been sent.
    private(set) var hasBegun = false
    /// Whether the commit has been sent: from then on a connection failure leaves the outcome unknown,
    /// before it the server rolls the transaction back when the connection dies.
    private(set) var commitSent = false

    init(_ connection: PostgresConnection, begin: String = "BEGIN") {
        self.connection = connection
        beginSQL = begin
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
        guard hasBegun else { return try connection.run(statements) }
        return Array(try connection.run(statements + [PostgresStatement("COMMIT")]).dropLast())
    }
}
