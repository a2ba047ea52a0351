import IdentityCore
import Testing

@Suite struct DatabaseLocationTests {
    let environment = ["LETTA_PG_URI": "postgresql://letta:s3cret@db.internal:5432/letta"]

    @Test func value_NamesPostgres_OnlyForPostgresSchemes() throws {
        #expect(try DatabaseLocation("postgres://u:p@h:5432/d") == .postgres(try PostgresURL("postgres://u:p@h:5432/d")))
        #expect(try DatabaseLocation("postgresql://u@h/d") == .postgres(try PostgresURL("postgresql://u@h/d")))
        #expect(try DatabaseLocation("letta.db") == .sqlite(path: "letta.db"))
        #expect(try DatabaseLocation(":memory:") == .sqlite(path: ":memory:"))
        #expect(try DatabaseLocation("./postgres://odd") == .sqlite(path: "./postgres://odd"))
    }

    @Test func select_PrefersTheCommandLine_ThenLettaPGURI_ThenTheDefaultPath() throws {
        #expect(
            try DatabaseLocation.select(commandLine: "/tmp/x.db", environment: environment, defaultPath: "letta.db")
                == .sqlite(path: "/tmp/x.db"))
        #expect(
            try DatabaseLocation.select(commandLine: nil, environment: environment, defaultPath: "letta.db")
                == .postgres(try PostgresURL("postgresql://letta:s3cret@db.internal:5432/letta")))
        #expect(
            try DatabaseLocation.select(commandLine: nil, environment: ["LETTA_PG_URI": ""], defaultPath: "letta.db")
                == .sqlite(path: "letta.db"))
        #expect(try DatabaseLocation.select(commandLine: nil, environment: [:], defaultPath: "letta.db") == .sqlite(path: "letta.db"))
    }

    @Test func select_Refuses_WhenLettaPGURIIsNotAPostgresURL_WithoutShowingItsPassword() throws {
        let error = #expect(throws: PostgresError.self) {
            try DatabaseLocation.select(commandLine: nil, environment: ["LETTA_PG_URI": "mysql://u:hunter2@h/d"], defaultPath: "x")
        }
        #expect(error?.description.contains("LETTA_PG_URI") == true)
        #expect(error?.description.contains("hunter2") == false)
    }

    @Test func description_HidesThePassword() throws {
        let location = try DatabaseLocation.select(commandLine: nil, environment: environment, defaultPath: "letta.db")
        #expect(location.description == "PostgreSQL postgresql://letta:***@db.internal:5432/letta")
        #expect(DatabaseLocation.sqlite(path: "letta.db").description == "SQLite letta.db")
    }

    @Test func commandLine_RecordsWhetherDBWasGiven() throws {
        guard case .run(let defaults) = try ServerOptions.parse([]),
              case .run(let given) = try ServerOptions.parse(["--db", "postgres://u:p@h/d"]),
              case .run(let inline) = try ServerOptions.parse(["--db=letta.db"])
        else {
            Issue.record("expected options")
            return
        }
        #expect(!defaults.databaseGivenOnCommandLine && defaults.databasePath == "letta.db")
        #expect(given.databaseGivenOnCommandLine && given.databasePath == "postgres://u:p@h/d")
        #expect(inline.databaseGivenOnCommandLine)
    }
}
