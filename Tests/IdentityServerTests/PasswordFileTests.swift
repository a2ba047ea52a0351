import Foundation
import IdentityCore
@testable import IdentityServer
import Testing

/// `--password-file` / `IDENTITY_SERVER_PASSWORD_FILE`: the password from a file (a systemd credential).
@Suite struct PasswordFileTests {
    private func withFile(_ contents: String, _ body: (String) throws -> Void) throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("password-\(UUID().uuidString)").path
        try contents.write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        try body(path)
    }

    @Test func passwordFile_IsRead_WithoutTrailingNewlines() throws {
        try withFile("s3cret word\r\n\n") { path in
            guard case let .run(options) = try ServerOptions.parse(["--password-file", path]) else {
                Issue.record("expected options")
                return
            }
            #expect(options.password == "s3cret word")
            guard case let .run(fromEnvironment) = try ServerOptions.parse([], environment: ["IDENTITY_SERVER_PASSWORD_FILE": path]) else {
                Issue.record("expected options")
                return
            }
            #expect(fromEnvironment.password == "s3cret word")
        }
    }

    @Test func emptyOrMissingPasswordFile_IsRefused() throws {
        try withFile("\n") { path in
            #expect(throws: ServerOptionsError.self) { try ServerOptions.parse(["--password-file", path]) }
        }
        do {
            _ = try ServerOptions.parse(["--password-file", "/nonexistent/password"])
            Issue.record("a missing password file was accepted")
        } catch {
            #expect(error.message == "cannot read --password-file '/nonexistent/password'")
        }
    }
}
