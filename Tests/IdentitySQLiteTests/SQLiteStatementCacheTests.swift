import Testing

@testable import IdentityCore
@testable import IdentitySQLite
import IdentityTestSupport

@Suite("SQLiteStatementCache")
struct SQLiteStatementCacheTests {
    @Test func statementCache_FindsEntry_WhenSameTextComesInOtherStorage() throws {
        let connection = try SQLiteConnection(path: ":memory:")
        try connection.execute("CREATE TABLE t (x INTEGER)")
        for value in 1...3 {
            // A new String each time: same text, different storage.
            let sql = ["INSERT INTO t (x)", "VALUES (?)"].joined(separator: " ")
            try connection.run(sql, [.integer(Int64(value))])
        }
        #expect(connection.statementCache.count == 1)
        #expect(try connection.query("SELECT x FROM t ORDER BY x") { $0.int(0) as Int } == [1, 2, 3])
        #expect(connection.statementCache.count == 2)
    }

    @Test func statementCache_KeepsShortSQLApart() throws {
        let connection = try SQLiteConnection(path: ":memory:")
        #expect(try connection.scalarInt("SELECT 1") == 1)
        #expect(try connection.scalarInt("SELECT 2") == 2)
        #expect(try connection.scalarInt("SELECT 1") == 1)
        #expect(connection.statementCache.count == 2)
    }

    @Test func statementCache_ReturnsStatement_WhenBindingFailed() throws {
        let connection = try SQLiteConnection(path: ":memory:")
        try connection.execute("CREATE TABLE t (a, b)")
        let sql = "INSERT INTO t (a, b) VALUES (?, ?)"
        #expect(throws: SQLiteError.self) { try connection.run(sql, [1]) }
        try connection.run(sql, [1, 2])
        #expect(connection.statementCache.count == 1)
        #expect(connection.cachedStatementExpandedSQL(sql) == "INSERT INTO t (a, b) VALUES (NULL, NULL)")
    }

    @Test func statementCache_KeepsOuterStatement_WhenNestedRunOfSameSQLFails() throws {
        let connection = try SQLiteConnection(path: ":memory:")
        try connection.execute("CREATE TABLE t (x INTEGER UNIQUE); INSERT INTO t VALUES (1), (2);")
        let select = "SELECT x FROM t WHERE x >= ? ORDER BY x"
        let seen = try connection.query(select, [1]) { row in
            let value: Int = row.int(0)
            #expect(throws: SQLiteError.self) { try connection.query(select, [1, 2]) { $0.int(0) as Int } }
            return value
        }
        #expect(seen == [1, 2])
        #expect(connection.statementCache.count == 1)
        #expect(try connection.query(select, [2]) { $0.int(0) as Int } == [2])
    }

    @Test func close_FinalizesCheckedOutStatement_WhenItComesBack() throws {
        let connection = try SQLiteConnection(path: ":memory:")
        try connection.execute("CREATE TABLE t (x INTEGER); INSERT INTO t VALUES (1), (2);")
        let select = "SELECT x FROM t ORDER BY x"
        struct Stop: Error {}
        #expect(throws: Stop.self) {
            _ = try connection.query(select) { _ in
                connection.close()
                throw Stop()
            }
        }
        #expect(connection.statementCache.isEmpty)
        #expect(!connection.isOpen)
    }

    @Test func messageContains_NamesExpressionIndex_OfUniqueViolation() throws {
        let connection = try SQLiteConnection(path: ":memory:")
        try connection.execute("CREATE TABLE t (id TEXT UNIQUE, k TEXT); CREATE UNIQUE INDEX t_k_unique ON t (ifnull(k, ''));")
        try connection.run("INSERT INTO t VALUES (?, ?)", ["a", "x"])
        let byIndex = try #require(throws: SQLiteError.self) { try connection.run("INSERT INTO t VALUES (?, ?)", ["b", "x"]) }
        #expect(byIndex.isUniqueConstraint)
        #expect(byIndex.messageContains("t_k_unique"))
        let byColumn = try #require(throws: SQLiteError.self) { try connection.run("INSERT INTO t VALUES (?, ?)", ["a", "y"]) }
        #expect(byColumn.isUniqueConstraint)
        #expect(!byColumn.messageContains("t_k_unique"))
        #expect(byColumn.messageContains("t.id"))
        #expect(byColumn.messageContains(""))
        #expect(!SQLiteError(code: 19, message: "t_k").messageContains("t_k_unique"))
    }

    @Test func textHash_IsEqualForEqualText_AndSpreadsSimilarTexts() {
        let base = "SELECT x FROM t WHERE x IN (?, ?, ?) AND y = ?"
        #expect(SQLiteStatementCache.textHash(base) == SQLiteStatementCache.textHash(String(base.utf8.map { Character(UnicodeScalar($0)) })))
        var texts = (0..<200).map { "SELECT x FROM t WHERE x IN (\(Array(repeating: "?", count: $0 + 1).joined(separator: ", ")))" }
        texts += ["", "a", "b", "ab", "ba", "SELECT 1", "SELECT 2", "SELECT 10", "SELECT 01"]
        #expect(Set(texts.map(SQLiteStatementCache.textHash)).count == texts.count)
    }
}
