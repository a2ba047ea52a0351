import Testing

@testable import IdentitySQLite

/// The directory and file name of a database path, as NSString split them.
@Suite("PathComponents")
struct PathComponentsTests {
    @Test func split_MatchesNSStringPathComponents() {
        #expect(PathComponents.split("/var/lib/letta.db") == ("/var/lib", "letta.db"))
        #expect(PathComponents.split("letta.db") == ("", "letta.db"))
        #expect(PathComponents.split("/letta.db") == ("/", "letta.db"))
        #expect(PathComponents.split("data/letta.db") == ("data", "letta.db"))
        #expect(PathComponents.split("data/backups/") == ("data", "backups"))
    }
}
