import IdentityCore

/// Up to `size` connections to one database, shared by all threads. A caller checks one out for the
/// duration of a closure; connections are opened lazily and reused last-in first-out.
///
/// Outages: a connection that broke is discarded when it comes back, and an idle one is checked without a
/// round trip before reuse (`PostgresConnection.isUsableWhenIdle`), so after a server restart stale
/// connections are replaced rather than failing requests. When connecting fails, the pool backs off
/// (`initialBackoff` doubling up to `maximumBackoff`): until the backoff has passed, and while one caller
/// is trying to reconnect, every checkout that would need a new connection fails at once with an
/// `.unavailable` error instead of waiting; the first successful connect closes the circuit again. A
/// checkout never waits longer than `checkoutTimeout` for a busy pool, nor a connect longer than
/// `connectTimeoutSeconds`.
public final class PostgresPool: @unchecked Sendable {
    /// Pool limits and timeouts.
    public struct Configuration: Sendable {
        public var size: Int
        /// Seconds a checkout waits for a connection when all `size` are busy.
        public var checkoutTimeout: Double
        /// libpq `connect_timeout` (whole seconds, at least 1).
        public var connectTimeoutSeconds: Int
        /// Seconds one round trip may take before its connection is abandoned.
        public var queryTimeout: Double
        /// Seconds a statement waits for a row or table lock before the server cancels it (SQLSTATE 55P03,
        /// reported as unavailable), like SQLite's busy timeout. Set on each new connection.
        public var lockTimeout: Double
        /// Reuse one generic plan per prepared statement (`plan_cache_mode = force_generic_plan`) instead of
        /// planning every execution: planning the store's statements costs more server CPU than running
        /// them (measured: agent lists by identifier_keys 1.9k → 4.6k req/s). Statements whose best plan
        /// depends on the values are marked `plansPerValue` and still planned per execution.
        public var genericPlans: Bool
        public var initialBackoff: Double
        public var maximumBackoff: Double

        public init(
            size: Int, checkoutTimeout: Double = 5, connectTimeoutSeconds: Int = 2, queryTimeout: Double = 10,
            lockTimeout: Double = 5, genericPlans: Bool = true, initialBackoff: Double = 0.05, maximumBackoff: Double = 2
        ) {
            self.lockTimeout = lockTimeout
            self.genericPlans = genericPlans
            self.size = max(1, size)
            self.checkoutTimeout = checkoutTimeout
            self.connectTimeoutSeconds = connectTimeoutSeconds
            self.queryTimeout = queryTimeout
            self.initialBackoff = initialBackoff
            self.maximumBackoff = maximumBackoff
        }
    }

    public let url: PostgresURL
    public let configuration: Configuration
    private let lock = ConditionLock()
    private var idle: [PostgresConnection] = []
    private var openCount = 0
    private var isClosed = false
    private var consecutiveFailures = 0
    private var reconnectNotBefore: UInt64 = 0
    private var isProbing = false
    private var lastFailure = ""
    private var finishedRoundTrips = 0
    private var waits = 0
    private var reconnects = 0
    /// Connections discarded (broken, or stale when idle) since the last successful connect.
    private var discardedSinceConnect = 0

    public init(url: PostgresURL, configuration: Configuration) {
        self.url = url
        self.configuration = configuration
    }

    deinit {
        for connection in idle { connection.close() }
    }

    /// Runs `body` with a connection no other thread uses meanwhile. The connection must not escape `body`
    /// and must be back outside any transaction when `body` returns (otherwise it is discarded).
    public func withConnection<T>(_ body: (PostgresConnection) throws -> T) throws -> T {
        let connection = try checkout()
        let roundTripsBefore = connection.roundTrips
        defer { checkin(connection, roundTripsBefore: roundTripsBefore) }
        return try body(connection)
    }

    /// Connections currently open (idle or checked out).
    public var openConnectionCount: Int { lock.withLock { openCount } }

    /// The pool's state for metrics: connections open, checked out, checkouts that had to wait
    /// for a busy pool, and connections opened to replace broken ones or after failed connects.
    public var statistics: (open: Int, inUse: Int, waits: Int, reconnects: Int) {
        lock.withLock { (openCount, openCount - idle.count, waits, reconnects) }
    }

    /// Round trips made by connections of this pool, counted when each checkout ends (for tests that
    /// check how many round trips an operation costs).
    public var roundTrips: Int { lock.withLock { finishedRoundTrips } }

    /// Closes idle connections now and checked-out ones when they come back; later checkouts fail.
    public func close() {
        let toClose: [PostgresConnection] = lock.withLock {
            isClosed = true
            defer { idle.removeAll() }
            lock.broadcast()
            return idle
        }
        toClose.forEach { $0.close() }
    }

    /// A connection for one caller: an idle one that is still usable, else a new one when the
    /// pool has room (at most one probe at a time while PostgreSQL is unreachable), else the
    /// first one checked in before the checkout timeout.
    private func checkout() throws(PostgresError) -> PostgresConnection {
        let deadline = PostgresDeadline(secondsFromNow: configuration.checkoutTimeout)
        var stale: [PostgresConnection] = []
        defer { stale.forEach { $0.close() } }
        if let reused = try reserveConnection(until: deadline, closing: &stale) { return reused }
        return try openConnection()
    }

    /// Waits for an idle connection (returned) or for room to open one (nil: room reserved in
    /// `openCount`). Idle connections found broken go to `stale`, to be closed outside the lock.
    private func reserveConnection(
        until deadline: PostgresDeadline, closing stale: inout [PostgresConnection]
    ) throws(PostgresError) -> PostgresConnection? {
        var waited = false
        return try lock.withLock { () throws(PostgresError) -> PostgresConnection? in
            while true {
                guard !isClosed else { throw PostgresError.misuse("the connection pool is closed") }
                while let connection = idle.popLast() {
                    if connection.isUsableWhenIdle() { return connection }
                    stale.append(connection)
                    openCount -= 1
                    discardedSinceConnect += 1
                }
                if openCount < configuration.size {
                    if consecutiveFailures > 0 {
                        if isProbing || PostgresDeadline.now() < reconnectNotBefore {
                            throw PostgresError(
                                kind: .unavailable, message: "PostgreSQL is unreachable (\(lastFailure)); reconnecting")
                        }
                        isProbing = true
                    }
                    openCount += 1
                    return nil
                }
                if !waited {
                    waited = true
                    waits += 1
                }
                guard lock.wait(untilMonotonic: deadline.monotonicTimespec) else {
                    throw PostgresError(
                        kind: .unavailable,
                        message: "all \(configuration.size) PostgreSQL connections stayed busy for \(configuration.checkoutTimeout) s")
                }
            }
        }
    }

    /// Opens and configures a connection in the room `reserveConnection` made. A failure frees
    /// the room and backs off exponentially before the next attempt.
    private func openConnection() throws(PostgresError) -> PostgresConnection {
        do {
            let connection = try PostgresConnection(
                url: url, connectTimeoutSeconds: configuration.connectTimeoutSeconds,
                queryTimeout: configuration.queryTimeout)
            try configure(connection)
            lock.withLock {
                if consecutiveFailures > 0 || discardedSinceConnect > 0 { reconnects += 1 }
                discardedSinceConnect = 0
                consecutiveFailures = 0
                isProbing = false
            }
            return connection
        } catch {
            recordConnectFailure(error)
            throw PostgresError(kind: .unavailable, message: "cannot connect to PostgreSQL: \(error.message)")
        }
    }

    /// Session settings every pooled connection runs with.
    private func configure(_ connection: PostgresConnection) throws(PostgresError) {
        try connection.run([
            PostgresStatement(
                "SELECT set_config('lock_timeout', $1, false)", [.text("\(Int(configuration.lockTimeout * 1000))ms")]),
            PostgresStatement(
                "SELECT set_config('plan_cache_mode', $1, false)",
                [.text(configuration.genericPlans ? "force_generic_plan" : "auto")]),
            // Every statement is a small OLTP query: starting parallel workers costs more than it saves
            // and contends under concurrent requests.
            PostgresStatement("SELECT set_config('max_parallel_workers_per_gather', $1, false)", [.text("0")]),
        ])
        connection.usesGenericPlans = configuration.genericPlans
    }

    private func recordConnectFailure(_ error: PostgresError) {
        lock.withLock {
            openCount -= 1
            isProbing = false
            consecutiveFailures += 1
            lastFailure = error.message
            let backoff = min(
                configuration.maximumBackoff,
                configuration.initialBackoff * Double(1 << min(consecutiveFailures - 1, 16)))
            reconnectNotBefore = PostgresDeadline.now() + UInt64(backoff * 1e9)
            lock.signal()
        }
    }

    private func checkin(_ connection: PostgresConnection, roundTripsBefore: Int) {
        let reusable = connection.isOpen && connection.transactionStatus == .idle
        let keep: Bool = lock.withLock {
            defer { lock.signal() }
            finishedRoundTrips += connection.roundTrips - roundTripsBefore
            guard reusable, !isClosed else {
                openCount -= 1
                if !reusable { discardedSinceConnect += 1 }
                return false
            }
            idle.append(connection)
            return true
        }
        if !keep { connection.close() }
    }
}
