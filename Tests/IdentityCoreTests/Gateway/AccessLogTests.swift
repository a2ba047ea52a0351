import HTTPKit
import Synchronization
import Testing

@testable import IdentityCore
import IdentityTestSupport

@Suite("Access log")
struct GatewayAccessLogTests {
    /// Collects the lines an `AccessLog` writes.
    final class Lines: Sendable {
        private let storage = Mutex<[String]>([])

        var all: [String] { storage.withLock { $0 } }

        func log(_ format: LogFormat) -> AccessLog {
            AccessLog(format: format) { bytes in
                self.storage.withLock { $0.append(String(decoding: bytes, as: UTF8.self)) }
            }
        }
    }

    @Test func textLines_NameTimeMethodPathStatusDurationOrganizationAndPrincipal() throws {
        let lines = Lines()
        let harness = try GatewayHarness(accessLog: lines.log(.text))
        let tenant = harness.tenant("acme")
        _ = harness.send(.get, "/v1/blocks/?label=secret-name", bearer: tenant.secret)
        _ = harness.send(.get, "/v1/agents/")
        _ = harness.admin(.get, "/v1/tags/")
        _ = harness.send(.get, "/v1/health/")
        let all = lines.all
        #expect(all.count == 6)
        #expect(all.allSatisfy { $0.hasSuffix("\n") && $0.filter { $0 == "\n" }.count == 1 })
        let keyLine = all[2].split(separator: " ").map(String.init)
        #expect(keyLine.count == 7)
        #expect(Timestamp(iso8601: keyLine[0]) != nil)
        #expect(keyLine[1] == "GET")
        #expect(keyLine[2] == "/v1/blocks/")
        #expect(keyLine[3] == "200")
        #expect(keyLine[4].hasSuffix("us") && Int(keyLine[4].dropLast(2)) != nil)
        #expect(keyLine[5] == "org=\(tenant.organizationID)")
        let keyID = try #require(try harness.store.listAPIKeys(organizationID: tenant.organizationID).first?.id)
        #expect(keyLine[6] == "principal=\(keyID)\n")
        #expect(!all[2].contains("secret-name"))
        #expect(all[3].hasSuffix(" 401 \(all[3].split(separator: " ")[4]) org=- principal=-\n"))
        #expect(all[4].hasSuffix("org=\(Actor.defaultOrganizationID) principal=admin\n"))
        #expect(all[5].contains(" GET /v1/health/ 200 ") && all[5].hasSuffix("principal=anonymous\n"))
        #expect(!all.joined().contains(GatewayHarness.password) && !all.joined().contains(tenant.secret))
    }

    @Test func rejectedRequestSink_WritesLineWithoutOrganizationOrPrincipal() throws {
        let lines = Lines()
        let sink = lines.log(.text).rejectedRequestSink
        sink(.post, "/v1/identities/", .requestHeaderFieldsTooLarge, 0)
        sink(HTTPMethod("-"), "-", .badRequest, 0)
        let all = lines.all
        #expect(all.count == 2)
        #expect(Timestamp(iso8601: String(all[0].prefix { $0 != " " })) != nil)
        #expect(all[0].hasSuffix(" POST /v1/identities/ 431 0us org=- principal=-\n"))
        #expect(all[1].hasSuffix(" - - 400 0us org=- principal=-\n"))
    }

    @Test func jsonLines_AreOneObjectPerRequest() throws {
        let lines = Lines()
        let harness = try GatewayHarness(accessLog: lines.log(.json))
        _ = harness.admin(.post, "/v1/blocks/", body: #"{"label":"h","value":"v"}"#)
        _ = harness.send(.get, "/v1/blocks/\"quoted\"")
        let all = lines.all
        #expect(all.count == 2)
        let first = try JSONParser.parse(Array(all[0].dropLast().utf8))
        #expect(first.objectValue?.keys == ["time", "method", "path", "status", "duration_us", "organization_id", "principal"])
        #expect(first["method"] == "POST")
        #expect(first["path"] == "/v1/blocks/")
        #expect(first["status"] == 200)
        #expect(first["organization_id"] == .string(Actor.defaultOrganizationID))
        #expect(first["principal"] == "admin")
        #expect((first["duration_us"]?.intValue ?? -1) >= 0)
        let second = try JSONParser.parse(Array(all[1].dropLast().utf8))
        #expect(second["status"] == 401)
        #expect(second["path"] == "/v1/blocks/\"quoted\"")
        #expect(second["organization_id"] == .null && second["principal"] == .null)
    }
}
