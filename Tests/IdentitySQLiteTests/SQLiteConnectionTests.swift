import Testing

@testable import IdentityCore
@testable import IdentitySQLite
import IdentityTestSupport

@Suite("SQLiteConnection")
struct SQLiteConnectionTests {
    @Test func open_CreatesFile_WhenMissing() throws {
        let file = TemporaryDatabase()
        defer { file.remove() }
        #expect(!file.exists)
        let connection = try SQLiteConnection(path: file.path)
        try connection.execute("CREATE TABLE t (x INTEGER)")
        connection.close()
        #expect(file.exists)
    }

    @Test func open_Throws_WhenReadOnlyFileIsMissing() throws {
        let file = TemporaryDatabase()
        defer { file.remove() }
        let error = #expect(throws: SQLiteError.self) { try SQLiteConnection(path: file.path, mode: .readOnly) }
        #expect(error?.primaryCode == 14)  // SQLITE_CANTOPEN
        #expect(error?.message.contains(file.path) == true)
    }

    @Test func bindings_RoundTripEveryType_WhenReadBack() throws {
        let connection = try SQLiteConnection(path: ":memory:")
        try connection.execute("CREATE TABLE v (id INTEGER PRIMARY KEY, value)")
        let values: [SQLiteValue] = [
            .null, .integer(0), .integer(Int64.max), .integer(Int64.min), .real(-1.25), .real(1e300),
            .text(""), .text("héllo wörld ✓ 🧑‍💻 e\u{301}"), .text("a\u{0}b\u{0}"), .blob([]), .blob([0, 1, 0, 255]),
        ]
        for (index, value) in values.enumerated() {
            try connection.run("INSERT INTO v (id, value) VALUES (?, ?)", [.integer(Int64(index)), value])
        }
        let readBack = try connection.query("SELECT value FROM v ORDER BY id") { $0.value(0) }
        #expect(readBack == values)
        let lengths = try connection.query("SELECT length(CAST(value AS BLOB)) FROM v WHERE id IN (6, 8)") {
            $0.optionalInt(0) as Int64?
        }
        #expect(lengths == [0, 4])  // empty text stays text, embedded NULs are stored
    }

    @Test func typedAccessors_ReadValuesAndNullDefaults() throws {
        let connection = try SQLiteConnection(path: ":memory:")
        let row = try connection.queryFirst("SELECT ?, ?, ?, ?, ?, NULL", [42, 2.5, "text", true, .blob([7, 8])]) {
            row in
            (
                row.int(0) as Int, row.int(0) as Int64, row.double(1), row.string(2), row.bool(3), row.blob(4),
                row.optionalInt(5) as Int64?, row.optionalInt(5) as Int?, row.optionalDouble(5), row.optionalString(5),
                row.optionalBool(5), row.string(5), row.int(5) as Int64, row.bool(5), row.blob(5), row.isNull(5),
                row.optionalBool(3), row.columnCount
            )
        }
        let r = try #require(row)
        #expect(r.0 == 42 && r.1 == 42 && r.2 == 2.5 && r.3 == "text" && r.4 == true && r.5 == [7, 8])
        #expect(r.6 == nil && r.7 == nil && r.8 == nil && r.9 == nil && r.10 == nil)
        #expect(r.11 == "" && r.12 == 0 && r.13 == false && r.14 == [] && r.15 == true)
        #expect(r.16 == true && r.17 == 6)
    }

    @Test func valueConveniences_MapOptionalsAndBooleans() {
        #expect(SQLiteValue(nil as String?) == .null)
        #expect(SQLiteValue("a" as String?) == .text("a"))
        #expect(SQLiteValue(5 as Int?) == .integer(5))
        #expect(SQLiteValue(nil as Int?) == .null)
        #expect(SQLiteValue(true as Bool?) == .integer(1))
        #expect(SQLiteValue(false as Bool?) == .integer(0))
        #expect(SQLiteValue(nil as Bool?) == .null)
        #expect(SQLiteValue(1.5 as Double?) == .real(1.5))
        #expect(SQLiteValue([1, 2] as [UInt8]?) == .blob([1, 2]))
        let literals: [SQLiteValue] = ["s", 3, 0.5, false, nil]
        #expect(literals == [.text("s"), .integer(3), .real(0.5), .integer(0), .null])
    }

    @Test func statementCache_ReusesStatementWithFreshResultsAndClearedBindings() throws {
        let connection = try SQLiteConnection(path: ":memory:")
        try connection.execute("CREATE TABLE t (x INTEGER)")
        let insert = "INSERT INTO t (x) VALUES (?)"
        let select = "SELECT x FROM t WHERE x >= ? ORDER BY x"
        try connection.run(insert, [1])
        #expect(try connection.query(select, [0]) { $0.int(0) as Int } == [1])
        try connection.run(insert, [2])
        #expect(try connection.query(select, [0]) { $0.int(0) as Int } == [1, 2])
        #expect(try connection.query(select, [2]) { $0.int(0) as Int } == [2])
        #expect(connection.statementCache.count == 2)
        #expect(connection.cachedStatementExpandedSQL(select) == "SELECT x FROM t WHERE x >= NULL ORDER BY x")
        #expect(connection.cachedStatementExpandedSQL(insert) == "INSERT INTO t (x) VALUES (NULL)")
    }

    @Test func statementCache_ReturnsStatement_WhenStepFailed() throws {
        let connection = try SQLiteConnection(path: ":memory:")
        try connection.execute("CREATE TABLE t (x INTEGER UNIQUE)")
        let insert = "INSERT INTO t (x) VALUES (?)"
        try connection.run(insert, [1])
        #expect(throws: SQLiteError.self) { try connection.run(insert, [1]) }
        #expect(connection.cachedStatementExpandedSQL(insert) == "INSERT INTO t (x) VALUES (NULL)")
        try connection.run(insert, [2])
        #expect(try connection.scalarInt("SELECT count(*) FROM t") == 2)
    }

    @Test func query_RunsSameSQLNested_WithoutDisturbingOuterStatement() throws {
        let connection = try SQLiteConnection(path: ":memory:")
        try connection.execute("CREATE TABLE t (x INTEGER); INSERT INTO t VALUES (1), (2), (3);")
        let sql = "SELECT x FROM t WHERE x >= ? ORDER BY x"
        let pairs = try connection.query(sql, [1]) { row in
            let outer: Int = row.int(0)
            let inner = try connection.query(sql, [.integer(Int64(outer))]) { $0.int(0) as Int }
            return "\(outer):\(inner.count)"
        }
        #expect(pairs == ["1:3", "2:2", "3:1"])
    }

    @Test func bind_Throws_WhenCountMismatches() throws {
        let connection = try SQLiteConnection(path: ":memory:")
        try connection.execute("CREATE TABLE t (a, b)")
        let sql = "INSERT INTO t VALUES (?, ?)"
        let tooFew = #expect(throws: SQLiteError.self) { try connection.run(sql, [1]) }
        #expect(tooFew?.code == 25)  // SQLITE_RANGE
        #expect(tooFew?.message == "statement has 2 parameters but 1 values were bound")
        #expect(throws: SQLiteError.self) { try connection.run(sql, [1, 2, 3]) }
        #expect(throws: SQLiteError.self) { try connection.run("SELECT 1", [1]) }
        #expect(try connection.scalarInt("SELECT count(*) FROM t") == 0)
        try connection.run(sql, [1, 2])
        #expect(try connection.scalarInt("SELECT count(*) FROM t") == 1)
    }

    @Test func run_Throws_WhenGivenSeveralStatementsOrNone() throws {
        let connection = try SQLiteConnection(path: ":memory:")
        let several = #expect(throws: SQLiteError.self) {
            try connection.run("CREATE TABLE a (x); CREATE TABLE b (x)")
        }
        #expect(several?.code == 21)
        #expect(try connection.scalarInt("SELECT count(*) FROM sqlite_master") == 0)
        #expect(throws: SQLiteError.self) { try connection.run("  ") }
        try connection.run("CREATE TABLE c (x); -- trailing comment")
        #expect(try connection.scalarInt("SELECT count(*) FROM sqlite_master") == 1)
    }

    @Test func errors_CarryCodeMessageAndSQL_WhenSyntaxIsWrong() throws {
        let connection = try SQLiteConnection(path: ":memory:")
        let error = #expect(throws: SQLiteError.self) { try connection.run("SELEC 1") }
        #expect(error?.code == 1)
        #expect(error?.message.contains("syntax error") == true)
        #expect(error?.sql == "SELEC 1")
        #expect(error?.description.contains("SQLite error 1") == true)
        let executeError = #expect(throws: SQLiteError.self) { try connection.execute("CREATE TABLE (") }
        #expect(executeError?.code == 1)
        #expect(executeError?.message.contains("syntax error") == true)
    }

    @Test func errors_ReportUniqueAndPrimaryKeyViolations() throws {
        let connection = try SQLiteConnection(path: ":memory:")
        try connection.execute("CREATE TABLE t (id TEXT PRIMARY KEY NOT NULL, name TEXT UNIQUE) WITHOUT ROWID")
        try connection.run("INSERT INTO t VALUES (?, ?)", ["a", "x"])
        let unique = #expect(throws: SQLiteError.self) { try connection.run("INSERT INTO t VALUES (?, ?)", ["b", "x"]) }
        #expect(unique?.code == 2067)
        #expect(unique?.isUniqueConstraint == true)
        #expect(unique?.isConstraint == true)
        #expect(unique?.isForeignKeyConstraint == false)
        let primaryKey = #expect(throws: SQLiteError.self) {
            try connection.run("INSERT INTO t VALUES (?, ?)", ["a", "y"])
        }
        #expect(primaryKey?.code == 1555)
        #expect(primaryKey?.isUniqueConstraint == true)
        let notNull = #expect(throws: SQLiteError.self) { try connection.run("INSERT INTO t VALUES (NULL, 'z')") }
        #expect(notNull?.isNotNullConstraint == true)
        #expect(notNull?.isUniqueConstraint == false)
    }

    @Test func errors_ReportForeignKeyViolation_WhenForeignKeysAreOn() throws {
        let connection = try SQLiteConnection(path: ":memory:")
        #expect(try connection.scalarInt("PRAGMA foreign_keys") == 1)
        try connection.execute("""
            CREATE TABLE parent (id TEXT PRIMARY KEY);
            CREATE TABLE child (id INTEGER PRIMARY KEY, parent_id TEXT NOT NULL REFERENCES parent(id) ON DELETE CASCADE);
            """)
        let error = #expect(throws: SQLiteError.self) { try connection.run("INSERT INTO child (parent_id) VALUES (?)", ["p"]) }
        #expect(error?.code == 787)
        #expect(error?.isForeignKeyConstraint == true)
        #expect(error?.isUniqueConstraint == false)
        try connection.run("INSERT INTO parent VALUES (?)", ["p"])
        try connection.run("INSERT INTO child (parent_id) VALUES (?)", ["p"])
        try connection.run("DELETE FROM parent WHERE id = ?", ["p"])
        #expect(try connection.scalarInt("SELECT count(*) FROM child") == 0)
    }

    @Test func transaction_RollsBack_WhenBodyThrows() throws {
        struct Failure: Error {}
        let connection = try SQLiteConnection(path: ":memory:")
        try connection.execute("CREATE TABLE t (x)")
        #expect(throws: Failure.self) {
            try connection.transaction {
                try connection.run("INSERT INTO t VALUES (1)")
                throw Failure()
            }
        }
        #expect(!connection.isInTransaction)
        #expect(try connection.scalarInt("SELECT count(*) FROM t") == 0)
        let value = try connection.transaction(.deferred) {
            try connection.run("INSERT INTO t VALUES (2)")
            return "committed"
        }
        #expect(value == "committed")
        #expect(try connection.scalarInt("SELECT sum(x) FROM t") == 2)
    }

    @Test func changesAndLastInsertRowID_ReflectLastStatement() throws {
        let connection = try SQLiteConnection(path: ":memory:")
        try connection.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, x)")
        try connection.run("INSERT INTO t (x) VALUES (?), (?), (?)", [1, 2, 3])
        #expect(connection.changes == 3)
        #expect(connection.lastInsertRowID == 3)
        try connection.run("UPDATE t SET x = x + 1 WHERE x >= ?", [2])
        #expect(connection.changes == 2)
        try connection.run("DELETE FROM t WHERE id = ?", [99])
        #expect(connection.changes == 0)
    }

    @Test func queryFirstAndScalars_ReturnNil_WhenNoRowOrNull() throws {
        let connection = try SQLiteConnection(path: ":memory:")
        try connection.execute("CREATE TABLE t (x)")
        #expect(try connection.queryFirst("SELECT x FROM t") { $0.int(0) as Int } == nil)
        #expect(try connection.scalarInt("SELECT x FROM t") == nil)
        #expect(try connection.scalarInt("SELECT NULL") == nil)
        #expect(try connection.scalarString("SELECT 'a' || ?", ["b"]) == "ab")
    }

    @Test func readOnlyConnection_RefusesWrites() throws {
        let file = TemporaryDatabase()
        defer { file.remove() }
        let writer = try SQLiteConnection(path: file.path)
        try writer.execute("CREATE TABLE t (x); INSERT INTO t VALUES (1);")
        let reader = try SQLiteConnection(path: file.path, mode: .readOnly)
        #expect(try reader.scalarInt("SELECT x FROM t") == 1)
        let error = #expect(throws: SQLiteError.self) { try reader.run("INSERT INTO t VALUES (2)") }
        #expect(error?.primaryCode == 8)  // SQLITE_READONLY
        reader.close()
        writer.close()
    }

    @Test func close_FinalizesStatements_AndLaterUseThrows() throws {
        let file = TemporaryDatabase()
        defer { file.remove() }
        let connection = try SQLiteConnection(path: file.path)
        try connection.execute("CREATE TABLE t (x)")
        try connection.run("INSERT INTO t VALUES (?)", [7])
        #expect(connection.statementCache.count == 1)
        connection.close()
        #expect(connection.statementCache.isEmpty)
        #expect(!connection.isOpen)
        let error = #expect(throws: SQLiteError.self) { try connection.run("SELECT 1") }
        #expect(error?.code == 21)
        connection.close()
        let reopened = try SQLiteConnection(path: file.path)
        #expect(try reopened.scalarInt("SELECT x FROM t") == 7)
    }
}
