import Foundation
import Testing

@testable import IdentityCore
@testable import IdentityPostgres
import IdentityTestSupport

@Suite("PostgresStore wrapper", .enabled(if: PostgresTestEnvironment.isAvailable))
struct PostgresStoreWrapperTests {
    func connection() throws -> PostgresConnection {
        try PostgresConnection(url: PostgresTestDatabase.shared.makeSchema().url)
    }

    @Test func query_BindsEveryParameterType_AndReadsTypedColumns() throws {
        let connection = try connection()
        let row = try #require(try connection.query(
            "SELECT $1::text, $2::bigint, $3::boolean, $4::text, $5::text[], $6::bigint, $7::text",
            [.text("héllo ✓ 'quoted' \"double\""), .int(Int64(-9_007_199_254_740_993)), .bool(true), .null,
             .array(["a", "b c", "", "NULL", "q\"uote", "back\\slash", "{brace}", "comma,"]), .int(0), .text("")]
        ).first)
        #expect(row.string(0) == "héllo ✓ 'quoted' \"double\"")
        #expect(row.int64(1) == -9_007_199_254_740_993)
        #expect(row.bool(2) == true)
        #expect(row.isNull(3) && row.optionalString(3) == nil)
        #expect(row.stringArray(4) == ["a", "b c", "", "NULL", "q\"uote", "back\\slash", "{brace}", "comma,"])
        #expect(row.optionalInt(5) == 0)
        #expect(row.optionalString(6) == "")
    }

    @Test func query_RemovesNULCharacters_WhichPostgresTextCannotHold() throws {
        let connection = try connection()
        let row = try #require(try connection.query("SELECT $1::text, $2::text[]", [.text("a\u{0}b"), .array(["c\u{0}d"])]).first)
        #expect(row.string(0) == "ab")
        #expect(row.stringArray(1) == ["cd"])
    }

    @Test func query_ThrowsSQLState_WhenConstraintsAreViolated() throws {
        let connection = try connection()
        try connection.executeScript(
            """
            CREATE TABLE parent (id TEXT PRIMARY KEY);
            CREATE TABLE child (id TEXT PRIMARY KEY, parent_id TEXT REFERENCES parent (id));
            """)
        try connection.query("INSERT INTO parent (id) VALUES ($1)", [.text("p")])
        let unique = #expect(throws: PostgresError.self) {
            try connection.query("INSERT INTO parent (id) VALUES ($1)", [.text("p")])
        }
        #expect(unique?.isUniqueViolation == true)
        #expect(unique?.constraint == "parent_pkey")
        #expect(unique?.detail == "Key (id)=(p) already exists.")
        #expect(unique?.isConnectionFailure == false)
        let foreignKey = #expect(throws: PostgresError.self) {
            try connection.query("INSERT INTO child (id, parent_id) VALUES ($1, $2)", [.text("c"), .text("missing")])
        }
        #expect(foreignKey?.isForeignKeyViolation == true)
        let syntax = #expect(throws: PostgresError.self) { try connection.query("SELEC 1") }
        #expect(syntax?.sqlState == "42601")
        #expect(try connection.query("SELECT 2").first?.int(0) == 2)
        #expect(connection.transactionStatus == .idle)
    }

    @Test func run_PipelinesStatementsAsOneImplicitTransaction_AndRollsBackAllOnError() throws {
        let connection = try connection()
        try connection.executeScript("CREATE TABLE items (id INTEGER PRIMARY KEY)")
        let results = try connection.run([
            PostgresStatement("INSERT INTO items (id) VALUES ($1)", [.int(1)]),
            PostgresStatement("INSERT INTO items (id) VALUES ($1) RETURNING id", [.int(2)]),
            PostgresStatement("SELECT count(*) FROM items"),
        ])
        #expect(results.count == 3)
        #expect(results[0].affectedRows == 1)
        #expect(results[1].first?.int(0) == 2)
        #expect(results[2].first?.int(0) == 2)
        let error = #expect(throws: PostgresError.self) {
            try connection.run([
                PostgresStatement("INSERT INTO items (id) VALUES ($1)", [.int(3)]),
                PostgresStatement("INSERT INTO items (id) VALUES ($1)", [.int(1)]),
                PostgresStatement("INSERT INTO items (id) VALUES ($1)", [.int(4)]),
            ])
        }
        #expect(error?.isUniqueViolation == true)
        #expect(connection.transactionStatus == .idle)
        #expect(try connection.query("SELECT array_agg(id ORDER BY id)::text[] FROM items").first?.stringArray(0) == ["1", "2"])
    }

    @Test func run_ReusesPreparedStatements_AndPreparesNewOnesInTheSameRoundTrip() throws {
        let connection = try connection()
        for value in 0..<5 {
            #expect(try connection.query("SELECT $1::bigint * 2", [.int(value)]).first?.int(0) == value * 2)
        }
        let prepared = try connection.query("SELECT count(*) FROM pg_prepared_statements WHERE statement = $1", [
            .text("SELECT $1::bigint * 2")
        ]).first?.int(0)
        #expect(prepared == 1)
        let results = try connection.run([
            PostgresStatement("SELECT $1::text || 'x'", [.text("a")]),
            PostgresStatement("SELECT $1::text || 'x'", [.text("b")]),
        ])
        #expect(results.map { $0.first?.string(0) } == ["ax", "bx"])
    }

    @Test func run_RecordsNoPreparedStatement_WhenItsPipelineAbortedBeforeTheParse() throws {
        let connection = try connection()
        #expect(throws: PostgresError.self) {
            try connection.run([PostgresStatement("SELECT 1/0"), PostgresStatement("SELECT $1::int + 1", [.int(1)])])
        }
        #expect(try connection.query("SELECT $1::int + 1", [.int(1)]).first?.int(0) == 2)
    }

    @Test func run_PlansPerValueOnlyTheMarkedStatements_WhenTheSessionUsesGenericPlans() throws {
        let url = try PostgresTestDatabase.shared.makeSchema().url
        let pool = PostgresPool(url: url, configuration: .init(size: 1))
        defer { pool.close() }
        let modes = try pool.withConnection { connection in
            try connection.run([
                PostgresStatement("SELECT current_setting('plan_cache_mode')"),
                PostgresStatement("SELECT current_setting('plan_cache_mode')", plansPerValue: true),
                PostgresStatement("SELECT current_setting('plan_cache_mode')"),
            ]).map { $0.first?.string(0) }
        }
        #expect(modes == ["force_generic_plan", "auto", "force_generic_plan"])
        let roundTrips = pool.roundTrips
        let later = try pool.withConnection { try $0.query("SELECT current_setting('plan_cache_mode')").first?.string(0) }
        #expect(later == "force_generic_plan")
        #expect(pool.roundTrips == roundTrips + 1)
    }

    @Test func isUsableWhenIdle_TurnsFalse_WhenTheServerEndsTheSession() throws {
        let connection = try connection()
        let victim = try connection.query("SELECT pg_backend_pid()").first!.int(0)
        let killer = try self.connection()
        #expect(connection.isUsableWhenIdle())
        #expect(try killer.query("SELECT pg_terminate_backend($1::int)", [.int(victim)]).first?.bool(0) == true)
        var usable = true
        for _ in 0..<100 where usable {
            usable = connection.isUsableWhenIdle()
            if usable { usleep(10_000) }
        }
        #expect(!usable)
        let error = #expect(throws: PostgresError.self) { try connection.query("SELECT 1") }
        #expect(error?.isConnectionFailure == true)
        #expect(!connection.isOpen)
    }

    @Test func query_TimesOutAndClosesTheConnection_WhenTheServerDoesNotAnswer() throws {
        let url = try PostgresTestDatabase.shared.makeSchema().url
        let connection = try PostgresConnection(url: url, queryTimeout: 0.2)
        let started = Date()
        let error = #expect(throws: PostgresError.self) { try connection.query("SELECT pg_sleep(5)") }
        #expect(error?.kind == .timeout)
        #expect(error?.isConnectionFailure == true)
        #expect(Date().timeIntervalSince(started) < 3)
        #expect(!connection.isOpen)
    }

    @Test func connect_FailsWithConnectionError_WhenNothingListens() throws {
        let error = #expect(throws: PostgresError.self) {
            try PostgresConnection(url: PostgresURL("postgres://user:secret@127.0.0.1:1/db"), connectTimeoutSeconds: 1)
        }
        #expect(error?.kind == .connection)
        #expect(error?.message.contains("secret") == false)
    }
}

/// URL handling needs no server.
@Suite("PostgresStore URL")
struct PostgresStoreURLTests {
    @Test func url_RedactsThePassword_AndRejectsOtherSchemes() throws {
        #expect(try PostgresURL("postgres://user:s3cret@db:5432/letta").description == "postgres://user:<redacted>@db:5432/letta")
        #expect(
            try PostgresURL("postgresql://u:p%40ss@h/d?sslmode=disable&password=x").description
                == "postgresql://u:<redacted>@h/d?sslmode=disable&password=<redacted>")
        #expect(try PostgresURL("postgres://user@host/db").description == "postgres://user@host/db")
        #expect(try PostgresURL("postgres:///db").description == "postgres:///db")
        #expect(PostgresURL.isPostgresURL("postgresql://x") && !PostgresURL.isPostgresURL("/var/letta.db"))
        #expect(throws: PostgresError.self) { try PostgresURL("mysql://u:p@h/d") }
    }
}

@Suite("PostgresStore pool", .enabled(if: PostgresTestEnvironment.isAvailable))
struct PostgresStorePoolTests {
    @Test func withConnection_OpensAtMostSizeConnections_AndReusesThem() throws {
        let url = try PostgresTestDatabase.shared.makeSchema().url
        let pool = PostgresPool(url: url, configuration: .init(size: 3))
        defer { pool.close() }
        let pids = Results()
        onThreads(24) { _ in
            do {
                let pid = try pool.withConnection { connection in
                    try connection.query("SELECT pg_backend_pid(), pg_sleep(0.01)").first!.string(0)
                }
                pids.append(.success(pid))
            } catch {
                pids.append(.failure(error))
            }
        }
        let values = try pids.values.map { try $0.get() }
        #expect(values.count == 24)
        #expect(Set(values).count <= 3)
        #expect(pool.openConnectionCount <= 3)
    }

    @Test func withConnection_FailsFast_WhenTheServerIsUnreachable_AndBacksOff() throws {
        let pool = PostgresPool(
            url: try PostgresURL("postgres://u:p@127.0.0.1:1/db"),
            configuration: .init(size: 2, connectTimeoutSeconds: 1, initialBackoff: 0.5, maximumBackoff: 1))
        let first = #expect(throws: PostgresError.self) { try pool.withConnection { _ in } }
        #expect(first?.kind == .unavailable)
        let started = Date()
        let second = #expect(throws: PostgresError.self) { try pool.withConnection { _ in } }
        #expect(second?.kind == .unavailable)
        #expect(second?.message.contains("reconnecting") == true)
        #expect(Date().timeIntervalSince(started) < 0.1)
        #expect(pool.openConnectionCount == 0)
    }

    @Test func withConnection_ReplacesConnectionsTheServerEnded() throws {
        let url = try PostgresTestDatabase.shared.makeSchema().url
        let pool = PostgresPool(url: url, configuration: .init(size: 2))
        defer { pool.close() }
        let first = try pool.withConnection { try $0.query("SELECT pg_backend_pid()").first!.int(0) }
        let killer = try PostgresConnection(url: url)
        defer { killer.close() }
        try killer.query("SELECT pg_terminate_backend($1::int)", [.int(first)])
        usleep(100_000)
        let second = try pool.withConnection { try $0.query("SELECT pg_backend_pid()").first!.int(0) }
        #expect(second != first)
    }

    @Test func withConnection_DiscardsConnections_LeftInsideATransaction() throws {
        let url = try PostgresTestDatabase.shared.makeSchema().url
        let pool = PostgresPool(url: url, configuration: .init(size: 1))
        defer { pool.close() }
        let first = try pool.withConnection { connection in
            try connection.query("BEGIN")
            return try connection.query("SELECT pg_backend_pid()").first!.int(0)
        }
        #expect(pool.openConnectionCount == 0)
        let second = try pool.withConnection { try $0.query("SELECT pg_backend_pid()").first!.int(0) }
        #expect(second != first)
    }

    @Test func withConnection_GivesUpAfterTheCheckoutTimeout_WhenEveryConnectionIsBusy() throws {
        let url = try PostgresTestDatabase.shared.makeSchema().url
        let pool = PostgresPool(url: url, configuration: .init(size: 1, checkoutTimeout: 0.2))
        defer { pool.close() }
        let error = #expect(throws: PostgresError.self) {
            try pool.withConnection { _ in try pool.withConnection { _ in } }
        }
        #expect(error?.kind == .unavailable)
    }
}
