import Foundation
import IdentityCore
import Testing
@testable import IdentityServer

@Suite struct ConfigurationEnvironmentTests {
    func options(_ arguments: [String] = [], env environment: [String: String]) throws -> ServerOptions {
        guard case let .run(options) = try ServerOptions.parse(arguments, environment: environment) else {
            throw ServerOptionsError("expected options, got help")
        }
        return options
    }

    func failure(_ arguments: [String] = [], env environment: [String: String]) -> String? {
        do {
            _ = try ServerOptions.parse(arguments, environment: environment)
            return nil
        } catch {
            return error.message
        }
    }

    static let everyVariable = [
        "IDENTITY_SERVER_HOST": "::1", "IDENTITY_SERVER_PORT": "9001", "IDENTITY_SERVER_DB": "/tmp/env.db",
        "IDENTITY_SERVER_SYNC": "full", "IDENTITY_SERVER_WORKERS": "3", "LETTA_SERVER_PASSWORD": "from-env",
        "LETTA_SERVER_SECURE": "true", "IDENTITY_SERVER_LOG_FORMAT": "json", "IDENTITY_SERVER_ACCESS_LOG": "false",
        "IDENTITY_SERVER_MAX_BODY_BYTES": "4096", "IDENTITY_SERVER_MAX_TARGET_BYTES": "1024",
        "IDENTITY_SERVER_MAX_PAGE_SIZE": "50", "IDENTITY_SERVER_MAX_LIST_ITEMS": "20",
    ]

    @Test func everyVariable_IsRead() throws {
        let parsed = try options(env: Self.everyVariable)
        #expect(parsed.host == "::1")
        #expect(parsed.port == 9001)
        #expect(parsed.databasePath == "/tmp/env.db")
        #expect(parsed.synchronous == .full)
        #expect(parsed.workers == 3)
        #expect(parsed.password == "from-env")
        #expect(parsed.secure)
        #expect(parsed.logFormat == .json)
        #expect(!parsed.accessLog)
        #expect(parsed.maxBodyBytes == 4096)
        #expect(parsed.maxTargetBytes == 1024)
        #expect(parsed.maxPageSize == 50)
        #expect(parsed.maxListItems == 20)
        #expect(parsed.apiLimits == APILimits(maxPageSize: 50, maxListItems: 20))
    }

    @Test func flags_WinOverTheEnvironment() throws {
        let parsed = try options([
            "--host", "0.0.0.0", "--port=9002", "--db", ":memory:", "--sync", "normal", "--workers", "1",
            "--password", "from-flag", "--log-format", "text", "--max-body-bytes", "100", "--max-target-bytes", "2048",
            "--max-page-size", "0", "--max-list-items", "5",
        ], env: Self.everyVariable)
        #expect(parsed.host == "0.0.0.0")
        #expect(parsed.port == 9002)
        #expect(parsed.databasePath == ":memory:")
        #expect(parsed.synchronous == .normal)
        #expect(parsed.workers == 1)
        #expect(parsed.password == "from-flag")
        #expect(parsed.logFormat == .text)
        #expect(parsed.maxBodyBytes == 100)
        #expect(parsed.maxTargetBytes == 2048)
        #expect(parsed.maxPageSize == nil)
        #expect(parsed.maxListItems == 5)
    }

    @Test func noAccessLogFlag_WinsOverTheVariable_AndTheVariableAloneTurnsItOff() throws {
        #expect(try !options(["--no-access-log"], env: ["IDENTITY_SERVER_ACCESS_LOG": "true"]).accessLog)
        #expect(try options(env: ["IDENTITY_SERVER_ACCESS_LOG": "yes"]).accessLog)
        #expect(try !options(env: ["IDENTITY_SERVER_ACCESS_LOG": "0"]).accessLog)
    }

    @Test func emptyVariables_CountAsUnset() throws {
        let parsed = try options(env: ["IDENTITY_SERVER_PORT": "", "LETTA_SERVER_PASSWORD": "", "LETTA_SERVER_SECURE": ""])
        #expect(parsed.port == 8283)
        #expect(parsed.password == nil)
        #expect(!parsed.secure)
    }

    @Test func defaults_WithoutArgumentsOrVariables() throws {
        let parsed = try options(env: [:])
        #expect(parsed.password == nil && !parsed.secure)
        #expect(parsed.synchronous == .normal)
        #expect(parsed.logFormat == .text)
        #expect(parsed.maxTargetBytes == 8192)
        #expect(parsed.apiLimits == .default)
    }

    @Test(arguments: [
        ([String](), ["IDENTITY_SERVER_PORT": "http"], "invalid value 'http' for IDENTITY_SERVER_PORT: expected an integer from 0 to 65535"),
        ([], ["IDENTITY_SERVER_SYNC": "FULL"], "invalid value 'FULL' for IDENTITY_SERVER_SYNC: expected normal or full"),
        (["--sync", "always"], [:], "invalid value 'always' for --sync: expected normal or full"),
        (["--log-format", "xml"], [:], "invalid value 'xml' for --log-format: expected text or json"),
        ([], ["IDENTITY_SERVER_LOG_FORMAT": "yaml"], "invalid value 'yaml' for IDENTITY_SERVER_LOG_FORMAT: expected text or json"),
        ([], ["LETTA_SERVER_SECURE": "maybe"], "invalid value 'maybe' for LETTA_SERVER_SECURE: expected true or false"),
        ([], ["IDENTITY_SERVER_WORKERS": "0"], "invalid value '0' for IDENTITY_SERVER_WORKERS: expected an integer from 1 to 1024"),
        (["--password="], [:], "invalid value '' for --password: expected a password"),
        (["--password"], [:], "option '--password' needs a value"),
        (["--secure=yes"], [:], "option '--secure' takes no value"),
        (["--max-page-size", "-1"], [:], "invalid value '-1' for --max-page-size: expected an integer from 0 to 2147483647"),
        (["--max-list-items", "0"], [:], "invalid value '0' for --max-list-items: expected an integer from 1 to 2147483647"),
        (["--max-target-bytes", "10"], [:], "invalid value '10' for --max-target-bytes: expected an integer from 64 to 1048576"),
    ])
    func badValues_AreRejectedNamingTheirSource(arguments: [String], environment: [String: String], message: String) {
        #expect(failure(arguments, env: environment) == message)
    }

    @Test(arguments: [
        (["--secure"], [String: String]()),
        ([], ["LETTA_SERVER_SECURE": "true"]),
        ([], ["LETTA_SERVER_SECURE": "1", "LETTA_SERVER_PASSWORD": ""]),
    ])
    func secureMode_WithoutAPassword_RefusesToStart(arguments: [String], environment: [String: String]) {
        #expect(failure(arguments, env: environment)
            == "secure mode (--secure or LETTA_SERVER_SECURE) needs a password: set LETTA_SERVER_PASSWORD or --password")
    }

    @Test func secureMode_WithAPassword_AndAPasswordAlone_BothProtect() throws {
        let secure = try options(["--secure"], env: ["LETTA_SERVER_PASSWORD": "pw"])
        #expect(secure.secure && secure.password == "pw")
        let passwordOnly = try options(env: ["LETTA_SERVER_PASSWORD": "pw"])
        #expect(!passwordOnly.secure && passwordOnly.password == "pw")
        #expect(try options(env: ["LETTA_SERVER_SECURE": "false"]).password == nil)
    }

    @Test func summary_ShowsTheSettings_ButNeverThePassword() throws {
        let parsed = try options(["--password", "hunter2-secret"], env: ["IDENTITY_SERVER_MAX_PAGE_SIZE": "0"])
        let text = parsed.summary(format: .text)
        #expect(text.hasPrefix("identity-server configuration: host=127.0.0.1 port=8283 db=letta.db sync=normal"))
        #expect(text.contains(" auth=password password=<redacted> "))
        #expect(text.contains(" max_page_size=unlimited "))
        #expect(!text.contains("hunter2"))
        let json = try JSONParser.parse(Array(parsed.summary(format: .json).utf8))
        #expect(json["event"] == "configuration")
        #expect(json["password"] == "<redacted>")
        #expect(json["port"] == "8283")
        #expect(!parsed.summary(format: .json).contains("hunter2"))
        #expect(try options(env: [:]).summary(format: .text).contains(" auth=open password=none "))
    }

    @Test(arguments: [
        ("postgres://app:s3cr3t@db.example:5432/letta", "postgres://app:<redacted>@db.example:5432/letta"),
        ("postgresql://app:p@ss@host/db?sslmode=require", "postgresql://app:<redacted>@host/db?sslmode=require"),
        ("postgres://app@host/db", "postgres://app@host/db"),
        ("/var/lib/identity/letta.db", "/var/lib/identity/letta.db"),
        (":memory:", ":memory:"),
    ])
    func databaseURLPasswords_AreRedacted(input: String, redacted: String) throws {
        #expect(ServerOptions.redactingURLPassword(input) == redacted)
        let parsed = try options(["--db", input], env: [:])
        #expect(parsed.summary(format: .text).contains(" db=\(redacted) "))
    }

    @Test func usage_NamesEveryFlagAndVariable() {
        for name in Self.everyVariable.keys {
            #expect(ServerOptions.usage.contains("[\(name)]"), "\(name)")
        }
        for flag in ["--sync", "--password", "--secure", "--log-format", "--max-target-bytes", "--max-page-size", "--max-list-items"] {
            #expect(ServerOptions.usage.contains(flag))
        }
    }
}
