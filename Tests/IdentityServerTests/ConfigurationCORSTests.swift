import Foundation
import IdentityCore
@testable import IdentityServer
import Testing

/// `--cors-origins` and Letta's `ACCEPTABLE_ORIGINS`: origins added to Letta's defaults.
@Suite struct ConfigurationCORSTests {
    static let lettaOrigins = [
        "http://letta.localhost", "http://localhost:8283", "http://localhost:8083", "http://localhost:3000",
        "http://localhost:4200", "https://app.letta.com",
    ]

    func options(_ arguments: [String] = [], env environment: [String: String] = [:]) throws -> ServerOptions {
        guard case let .run(options) = try ServerOptions.parse(arguments, environment: environment) else {
            throw ServerOptionsError("expected options, got help")
        }
        return options
    }

    @Test func defaults_AreLettasList() throws {
        #expect(try options().allowedCORSOrigins == Self.lettaOrigins)
    }

    @Test func acceptableOrigins_AreAddedBeforeTheLettaApp() throws {
        let configured = try options(env: ["ACCEPTABLE_ORIGINS": "https://a.example, http://b.example:8080,,http://localhost:3000"])
        #expect(configured.corsOrigins == ["https://a.example", "http://b.example:8080", "http://localhost:3000"])
        #expect(configured.allowedCORSOrigins
            == Array(Self.lettaOrigins.dropLast()) + ["https://a.example", "http://b.example:8080", "https://app.letta.com"])
    }

    @Test func flag_WinsOverTheVariable() throws {
        let configured = try options(["--cors-origins", "https://flag.example"], env: ["ACCEPTABLE_ORIGINS": "https://env.example"])
        #expect(configured.corsOrigins == ["https://flag.example"])
        #expect(try options(["--cors-origins=*"]).corsOrigins == ["*"])
    }

    @Test(arguments: ["localhost:3000", "http://a.example/", "http://a.example/path", "https://", "ftp ://x"])
    func malformedOrigin_IsRefusedWithAClearMessage(value: String) {
        #expect(throws: ServerOptionsError(
            "invalid value '\(value.trimmingCharacters(in: .whitespaces))' for --cors-origins: expected comma-separated origins like http://localhost:3000"
        )) {
            try ServerOptions.parse(["--cors-origins", value])
        }
    }

    @Test func usage_ListsTheOption() {
        #expect(ServerOptions.usage.contains("--cors-origins ORIGINS"))
        #expect(ServerOptions.usage.contains("[ACCEPTABLE_ORIGINS]"))
    }
}
