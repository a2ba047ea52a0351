import CLibPQ
import Glibc
import IdentityCore

/// One SQL statement and its parameters (`$1`, `$2`, … bound in order).
public struct PostgresStatement: Sendable {
    public var sql: String
    public var parameters: [PostgresValue]
    /// Whether the best plan depends on the parameter values (e.g. how common a tag is), so the server
    /// should plan each execution for its values (`plan_cache_mode = auto`) even when the session
    /// reuses one generic plan per prepared statement (see `PostgresPool.Configuration.genericPlans`).
    public var plansPerValue: Bool

    public init(_ sql: String, _ parameters: [PostgresValue] = [], plansPerValue: Bool = false) {
        self.sql = sql
        self.parameters = parameters
        self.plansPerValue = plansPerValue
    }
}

/// One libpq connection. Not thread-safe: confined to one thread at a time by its owner (the pool).
///
/// Statements run as prepared statements, prepared once per SQL text and connection (the Parse travels
/// in the same round trip as the first execution). `run` sends several statements as one pipeline: one
/// round trip for all of them, executed in order, stopping at the first error. Statements sent together
/// without an explicit `BEGIN` form one implicit transaction (all or nothing).
///
/// Every call waits for the server with a deadline (`queryTimeout`): a server that stops answering makes
/// the call fail with a `.timeout` error after that long instead of hanging; the connection is then
/// closed. Any connection failure closes it too (`isOpen` turns false); the owner discards it.
public final class PostgresConnection {
    /// libpq's view of the session's transaction.
    public enum TransactionStatus: Sendable {
        case idle, active, inTransaction, failed, unknown
    }

    /// Cached prepared statements beyond this count are prepared unnamed on every use instead (guards
    /// against unbounded growth from dynamically built SQL).
    static let statementCacheLimit = 512

    /// Seconds a call may wait for the server before the connection is abandoned.
    public let queryTimeout: Double
    /// Round trips made so far (each `run` or `executeScript` call is one).
    public private(set) var roundTrips = 0
    private var handle: OpaquePointer?
    private var preparedNames: [String: String] = [:]
    private var statementCounter = 0

    /// Connects (waiting at most `connectTimeoutSeconds` per address tried).
    public init(
        url: PostgresURL, connectTimeoutSeconds: Int = 2, queryTimeout: Double = 10,
        applicationName: String = "identity-server"
    ) throws(PostgresError) {
        self.queryTimeout = queryTimeout
        if let failure = clibpq_load() {
            throw PostgresError(kind: .connection, message: String(cString: failure))
        }
        let parameters = url.connectionParameters(
            connectTimeoutSeconds: connectTimeoutSeconds, applicationName: applicationName)
        let keywords: [UnsafeMutablePointer<CChar>?] = parameters.map { strdup($0.0) } + [nil]
        let values: [UnsafeMutablePointer<CChar>?] = parameters.map { strdup($0.1) } + [nil]
        defer {
            keywords.forEach { free($0) }
            values.forEach { free($0) }
        }
        let connection = keywords.map { UnsafePointer($0) }.withUnsafeBufferPointer { keywordPointers in
            values.map { UnsafePointer($0) }.withUnsafeBufferPointer { valuePointers in
                PQconnectdbParams(keywordPointers.baseAddress, valuePointers.baseAddress, 1)
            }
        }
        guard let connection else {
            throw PostgresError(kind: .connection, message: "could not allocate a libpq connection")
        }
        guard PQstatus(connection) == CONNECTION_OK else {
            let message = Self.errorMessage(connection)
            PQfinish(connection)
            throw PostgresError(kind: .connection, message: message)
        }
        // Notices (e.g. "relation already exists, skipping") would otherwise go to stderr.
        PQsetNoticeProcessor(connection, { _, _ in }, nil)
        handle = connection
    }

    deinit {
        close()
    }

    public var isOpen: Bool { handle != nil }

    public var transactionStatus: TransactionStatus {
        guard let handle else { return .unknown }
        switch PQtransactionStatus(handle) {
        case PQTRANS_IDLE: return .idle
        case PQTRANS_ACTIVE: return .active
        case PQTRANS_INTRANS: return .inTransaction
        case PQTRANS_INERROR: return .failed
        default: return .unknown
        }
    }

    /// The server's version number, e.g. 150020 for 15.20.
    public var serverVersion: Int {
        handle.map { Int(PQserverVersion($0)) } ?? 0
    }

    /// Whether an idle connection still looks usable, without a round trip: open, outside any transaction,
    /// and nothing arrived on its socket while idle (an idle session receives nothing unless the server
    /// ended it, e.g. on shutdown or restart).
    public func isUsableWhenIdle() -> Bool {
        guard let handle, PQstatus(handle) == CONNECTION_OK, transactionStatus == .idle else { return false }
        var descriptor = pollfd(fd: PQsocket(handle), events: Int16(POLLIN), revents: 0)
        return poll(&descriptor, 1, 0) == 0
    }

    /// Runs one statement (one round trip).
    @discardableResult
    public func query(
        _ sql: String, _ parameters: [PostgresValue] = [], plansPerValue: Bool = false
    ) throws(PostgresError) -> PostgresResult {
        try run([PostgresStatement(sql, parameters, plansPerValue: plansPerValue)])[0]
    }

    /// Whether the session reuses generic plans (`plan_cache_mode = force_generic_plan`); then statements
    /// marked `plansPerValue` run between two `set_config` calls that switch to per-value planning and
    /// back, in the same pipeline (no extra round trip).
    public var usesGenericPlans = false

    /// Runs the statements in order as one pipeline (one round trip) and returns one result per statement.
    /// At the first failing statement the rest are skipped and its error is thrown; without an explicit
    /// transaction the statements already run are rolled back with it.
    public func run(_ statements: [PostgresStatement]) throws(PostgresError) -> [PostgresResult] {
        guard usesGenericPlans, statements.contains(where: \.plansPerValue) else { return try runPipeline(statements) }
        var expanded: [PostgresStatement] = []
        var positions: [Int] = []
        for statement in statements {
            if statement.plansPerValue { expanded.append(Self.planMode("auto")) }
            positions.append(expanded.count)
            expanded.append(statement)
            if statement.plansPerValue { expanded.append(Self.planMode("force_generic_plan")) }
        }
        let results = try runPipeline(expanded)
        return positions.map { results[$0] }
    }

    /// Sets `plan_cache_mode` until the end of the current (possibly implicit) transaction.
    private static func planMode(_ mode: String) -> PostgresStatement {
        PostgresStatement("SELECT set_config('plan_cache_mode', $1, true)", [.text(mode)])
    }

    /// What one pipeline waits for, in order: a `Parse` for each statement not yet prepared on
    /// this connection, then an execution per statement.
    private enum PipelineStep {
        case prepare(sql: String, name: String)
        case execute(index: Int)
    }

    private func runPipeline(_ statements: [PostgresStatement]) throws(PostgresError) -> [PostgresResult] {
        guard let handle else { throw PostgresError.misuse("the connection is closed") }
        guard !statements.isEmpty else { return [] }
        let deadline = PostgresDeadline(secondsFromNow: queryTimeout)
        roundTrips += 1
        guard PQenterPipelineMode(handle) == 1 else { throw fail(sql: statements[0].sql) }
        let steps = try sendPipeline(statements, on: handle)
        let (results, firstError) = try receivePipeline(steps, of: statements, on: handle, deadline: deadline)
        try finishPipeline(statements, on: handle, deadline: deadline)
        if let firstError { throw firstError }
        return results.map { $0! }
    }

    /// Sends every statement (preparing those this connection has not prepared yet, named while
    /// the statement cache has room) and the closing `Sync`; returns the steps to expect.
    private func sendPipeline(_ statements: [PostgresStatement], on handle: OpaquePointer) throws(PostgresError) -> [PipelineStep] {
        var steps: [PipelineStep] = []
        var namesInThisPipeline: [String: String] = [:]
        for (index, statement) in statements.enumerated() {
            let name: String
            if let known = preparedNames[statement.sql] ?? namesInThisPipeline[statement.sql] {
                name = known
            } else {
                if preparedNames.count + namesInThisPipeline.count < Self.statementCacheLimit {
                    statementCounter += 1
                    name = "s\(statementCounter)"
                    namesInThisPipeline[statement.sql] = name
                } else {
                    name = ""
                }
                guard PQsendPrepare(handle, name, statement.sql, Int32(statement.parameters.count), nil) == 1 else {
                    throw fail(sql: statement.sql)
                }
                steps.append(.prepare(sql: statement.sql, name: name))
            }
            let buffer = PostgresParameterBuffer(statement.parameters)
            let sent = buffer.withPointers { values in
                PQsendQueryPrepared(handle, name, buffer.count, values, nil, nil, 0)
            }
            guard sent == 1 else { throw fail(sql: statement.sql) }
            steps.append(.execute(index: index))
        }
        guard PQpipelineSync(handle) == 1 else { throw fail(sql: statements[0].sql) }
        return steps
    }

    /// Reads one result per step. After a failed statement the server skips the rest
    /// (`PIPELINE_ABORTED`); the first server error is returned, a broken connection thrown.
    private func receivePipeline(
        _ steps: [PipelineStep], of statements: [PostgresStatement], on handle: OpaquePointer, deadline: PostgresDeadline
    ) throws(PostgresError) -> (results: [PostgresResult?], firstError: PostgresError?) {
        var results = [PostgresResult?](repeating: nil, count: statements.count)
        var firstError: PostgresError?
        for step in steps {
            let sql: String
            switch step {
            case .prepare(let text, _): sql = text
            case .execute(let index): sql = statements[index].sql
            }
            let result = try nextResult(deadline: deadline, sql: sql)
            switch PQresultStatus(result) {
            case PGRES_COMMAND_OK, PGRES_TUPLES_OK:
                switch step {
                case .prepare(let text, let name):
                    if !name.isEmpty { preparedNames[text] = name }
                    PQclear(result)
                case .execute(let index):
                    results[index] = PostgresResult(handle: result)
                }
            case PGRES_PIPELINE_ABORTED:
                PQclear(result)
            default:
                if firstError == nil { firstError = Self.error(from: result, sql: sql) }
                PQclear(result)
                if PQstatus(handle) != CONNECTION_OK { throw fail(sql: sql, serverError: firstError) }
            }
            // Each command's results end with a NULL.
            if let extra = try nextResultOrNil(deadline: deadline, sql: sql) {
                PQclear(extra)
                throw fail(sql: sql, message: "unexpected extra result in a pipeline")
            }
        }
        return (results, firstError)
    }

    /// Reads the `Sync` result and leaves pipeline mode.
    private func finishPipeline(
        _ statements: [PostgresStatement], on handle: OpaquePointer, deadline: PostgresDeadline
    ) throws(PostgresError) {
        let sync = try nextResult(deadline: deadline, sql: statements[0].sql)
        let syncStatus = PQresultStatus(sync)
        PQclear(sync)
        guard syncStatus == PGRES_PIPELINE_SYNC, PQexitPipelineMode(handle) == 1 else {
            throw fail(sql: statements[0].sql, message: "pipeline out of step")
        }
    }

    /// Runs parameterless SQL, possibly several `;`-separated statements, with the simple query protocol
    /// (schema scripts, `CREATE DATABASE`). Values never go through here.
    public func executeScript(_ sql: String) throws(PostgresError) {
        guard let handle else { throw PostgresError.misuse("the connection is closed") }
        let deadline = PostgresDeadline(secondsFromNow: queryTimeout)
        roundTrips += 1
        guard PQsendQuery(handle, sql) == 1 else { throw fail(sql: sql) }
        var firstError: PostgresError?
        while let result = try nextResultOrNil(deadline: deadline, sql: sql) {
            let status = PQresultStatus(result)
            if status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK && firstError == nil {
                firstError = Self.error(from: result, sql: sql)
            }
            PQclear(result)
        }
        if PQstatus(handle) != CONNECTION_OK { throw fail(sql: sql, serverError: firstError) }
        if let firstError { throw firstError }
    }

    /// Closes the connection and forgets its prepared statements. Safe to call more than once.
    public func close() {
        if let handle { PQfinish(handle) }
        handle = nil
        preparedNames.removeAll()
    }

    // MARK: Waiting for results

    private func nextResult(deadline: PostgresDeadline, sql: String) throws(PostgresError) -> OpaquePointer {
        guard let result = try nextResultOrNil(deadline: deadline, sql: sql) else {
            throw fail(sql: sql, message: "missing result in a pipeline")
        }
        return result
    }

    /// Waits (at most until `deadline`) until libpq can hand out the next result without blocking.
    private func nextResultOrNil(deadline: PostgresDeadline, sql: String) throws(PostgresError) -> OpaquePointer? {
        guard let handle else { throw PostgresError.misuse("the connection is closed", sql: sql) }
        while PQisBusy(handle) == 1 {
            let remaining = deadline.remainingMilliseconds
            guard remaining > 0 else { throw timeOut(sql: sql) }
            var descriptor = pollfd(fd: PQsocket(handle), events: Int16(POLLIN), revents: 0)
            let ready = poll(&descriptor, 1, remaining)
            if ready < 0 && errno != EINTR { throw fail(sql: sql) }
            if ready == 0 { continue }
            guard PQconsumeInput(handle) == 1 else { throw fail(sql: sql) }
        }
        return PQgetResult(handle)
    }

    // MARK: Errors

    /// Closes the connection after a failure of libpq or the link, and returns the error to throw.
    private func fail(sql: String, message: String? = nil, serverError: PostgresError? = nil) -> PostgresError {
        let libpqMessage = handle.map(Self.errorMessage) ?? "the connection is closed"
        close()
        return PostgresError(
            kind: .connection, sqlState: serverError?.sqlState,
            message: serverError?.message ?? message ?? libpqMessage, sql: sql)
    }

    private func timeOut(sql: String) -> PostgresError {
        close()
        return PostgresError(
            kind: .timeout, message: "no answer from PostgreSQL within \(queryTimeout) s; connection closed", sql: sql)
    }

    private static func errorMessage(_ connection: OpaquePointer) -> String {
        guard let text = PQerrorMessage(connection) else { return "unknown libpq error" }
        let message = String(String(cString: text).trimmingWhitespace())
        return message.isEmpty ? "unknown libpq error" : message
    }

    private static func error(from result: OpaquePointer, sql: String) -> PostgresError {
        func field(_ code: UInt8) -> String? {
            PQresultErrorField(result, Int32(code)).map { String(cString: $0) }
        }
        let message = field(UInt8(ascii: "M"))
            ?? PQresultErrorMessage(result).map { String(String(cString: $0).trimmingWhitespace()) } ?? "unknown error"
        return PostgresError(
            kind: .server, sqlState: field(UInt8(ascii: "C")), message: message, detail: field(UInt8(ascii: "D")),
            constraint: field(UInt8(ascii: "n")), sql: sql)
    }
}
