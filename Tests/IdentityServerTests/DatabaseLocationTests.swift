import IdentityCore
import Testing
@testable import IdentityServer
import IdentityPostgres

@Suite struct DatabaseLocationTests {
    let lettaURI = "postgresql://letta:s3cret@db.internal:5432/letta"

    func databasePath(_ arguments: [String], _ environment: [String: String]) throws -> String {
        guard case .run(let options) = try ServerOptions.parse(arguments, environment: environment) else {
            throw ServerOptionsError("expected options, got help")
        }
        return options.databasePath
    }

    @Test func value_NamesPostgres_OnlyForPostgresSchemes() throws {
        #expect(try DatabaseLocation("postgres://u:p@h:5432/d") == .postgres(try PostgresURL("postgres://u:p@h:5432/d")))
        #expect(try DatabaseLocation("postgresql://u@h/d") == .postgres(try PostgresURL("postgresql://u@h/d")))
        #expect(try DatabaseLocation("letta.db") == .sqlite(path: "letta.db"))
        #expect(try DatabaseLocation(":memory:") == .sqlite(path: ":memory:"))
        #expect(try DatabaseLocation("./postgres://odd") == .sqlite(path: "./postgres://odd"))
    }

    @Test func lettaPGURI_SelectsPostgres_UnlessDBIsGivenByFlagOrIdentityServerDB() throws {
        #expect(try databasePath([], ["LETTA_PG_URI": lettaURI]) == lettaURI)
        #expect(try databasePath(["--db", "/tmp/x.db"], ["LETTA_PG_URI": lettaURI]) == "/tmp/x.db")
        #expect(try databasePath(["--db=postgres://a@b/c"], ["LETTA_PG_URI": lettaURI]) == "postgres://a@b/c")
        #expect(try databasePath([], ["LETTA_PG_URI": lettaURI, "IDENTITY_SERVER_DB": "/srv/x.db"]) == "/srv/x.db")
        #expect(try databasePath([], ["LETTA_PG_URI": ""]) == "letta.db")
        #expect(try databasePath([], [:]) == "letta.db")
    }

    @Test func lettaPGURI_IsRefused_WhenNotAPostgresURL_WithoutShowingItsPassword() throws {
        let error = #expect(throws: ServerOptionsError.self) {
            try ServerOptions.parse([], environment: ["LETTA_PG_URI": "mysql://u:hunter2@h/d"])
        }
        #expect(error?.message.contains("LETTA_PG_URI") == true)
        #expect(error?.message.contains("hunter2") == false)
    }

    @Test func descriptions_HideThePassword() throws {
        let location = try DatabaseLocation(lettaURI)
        #expect(location.description == "PostgreSQL postgresql://letta:<redacted>@db.internal:5432/letta")
        #expect(DatabaseLocation.sqlite(path: "letta.db").description == "SQLite letta.db")
        guard case .run(let options) = try ServerOptions.parse([], environment: ["LETTA_PG_URI": lettaURI]) else {
            Issue.record("expected options")
            return
        }
        #expect(!options.summary(format: .text).contains("s3cret"))
        #expect(options.summary(format: .text).contains("db=postgresql://letta:<redacted>@db.internal:5432/letta"))
    }
}
