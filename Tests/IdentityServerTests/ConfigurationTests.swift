import Foundation
import IdentityCore
import Testing
@testable import IdentityServer

@Suite struct ConfigurationTests {
    func options(_ arguments: [String]) throws -> ServerOptions {
        guard case let .run(options) = try ServerOptions.parse(arguments) else {
            throw ServerOptionsError("expected options, got help")
        }
        return options
    }

    func failure(_ arguments: [String]) -> String? {
        do {
            _ = try ServerOptions.parse(arguments)
            return nil
        } catch {
            return error.message
        }
    }

    @Test func noArguments_GiveTheDefaults() throws {
        let parsed = try options([])
        #expect(parsed.host == "127.0.0.1")
        #expect(parsed.port == 8283)
        #expect(parsed.databasePath == "letta.db")
        #expect(parsed.workers == max(1, ProcessInfo.processInfo.activeProcessorCount))
        #expect(parsed.accessLog)
        #expect(parsed.maxBodyBytes == 1_048_576)
    }

    @Test func everyOption_IsParsed_WithSeparateValues() throws {
        let parsed = try options([
            "--host", "::1", "--port", "0", "--db", ":memory:", "--workers", "3",
            "--no-access-log", "--max-body-bytes", "2048",
        ])
        #expect(parsed.host == "::1")
        #expect(parsed.port == 0)
        #expect(parsed.databasePath == ":memory:")
        #expect(parsed.workers == 3)
        #expect(!parsed.accessLog)
        #expect(parsed.maxBodyBytes == 2048)
    }

    @Test func equalsForm_IsAccepted() throws {
        let parsed = try options(["--host=0.0.0.0", "--port=9000", "--db=/tmp/x.db", "--workers=1"])
        #expect(parsed.host == "0.0.0.0")
        #expect(parsed.port == 9000)
        #expect(parsed.databasePath == "/tmp/x.db")
        #expect(parsed.workers == 1)
    }

    @Test func help_IsRecognised_AnywhereOnTheLine() throws {
        #expect(try ServerOptions.parse(["--help"]) == .help)
        #expect(try ServerOptions.parse(["--port", "1", "-h"]) == .help)
        #expect(ServerOptions.usage.contains("--max-body-bytes"))
    }

    @Test(arguments: [
        (["--bogus"], "unknown option '--bogus'"),
        (["--port"], "option '--port' needs a value"),
        (["--port", "abc"], "invalid value 'abc' for --port: expected an integer from 0 to 65535"),
        (["--port", "65536"], "invalid value '65536' for --port: expected an integer from 0 to 65535"),
        (["--port=-1"], "invalid value '-1' for --port: expected an integer from 0 to 65535"),
        (["--workers", "0"], "invalid value '0' for --workers: expected an integer from 1 to 1024"),
        (["--workers", "+2"], "invalid value '+2' for --workers: expected an integer from 1 to 1024"),
        (["--max-body-bytes", "1k"], "invalid value '1k' for --max-body-bytes: expected an integer from 1 to 2147483647"),
        (["--no-access-log=yes"], "option '--no-access-log' takes no value"),
        (["--db="], "invalid value '' for --db: expected a file path or :memory:"),
        (["serve"], "unexpected argument 'serve'"),
    ])
    func badArguments_AreRejectedWithAClearMessage(arguments: [String], message: String) {
        #expect(failure(arguments) == message)
    }
}
