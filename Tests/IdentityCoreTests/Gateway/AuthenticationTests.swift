import HTTPKit
import Testing

@testable import IdentityCore
@testable import IdentitySQLite
import IdentityTestSupport

@Suite("Gateway authentication")
struct AuthenticationTests {
    @Test func request_Gets401_WhenPasswordIsSetAndNoCredentialsAreSent() throws {
        let harness = try GatewayHarness()
        let response = harness.send(.get, "/v1/identities/")
        #expect(response.status == 401)
        #expect(response.json == unauthorizedBody)
        #expect(response.contentType == "application/json")
    }

    @Test(arguments: [
        ("Authorization", "Bearer wrong"),
        ("Authorization", "Bearer \(GatewayHarness.password)x"),
        ("Authorization", "Bearer"),
        ("Authorization", "Bearer "),
        ("Authorization", GatewayHarness.password),
        ("Authorization", "Basic \(GatewayHarness.password)"),
        ("Authorization", "password \(GatewayHarness.password)"),
        ("X-BARE-PASSWORD", GatewayHarness.password),
        ("X-BARE-PASSWORD", "password wrong"),
        ("X-BARE-PASSWORD", "Bearer \(GatewayHarness.password)"),
        ("X-Password", "password \(GatewayHarness.password)"),
    ])
    func request_Gets401_WhenCredentialIsWrong(header: String, value: String) throws {
        let harness = try GatewayHarness()
        let response = harness.send(.get, "/v1/identities/", headers: [(header, value)])
        #expect(response.status == 401, "\(header): \(value)")
        #expect(response.json == unauthorizedBody)
    }

    @Test(arguments: [
        ("Authorization", "Bearer \(GatewayHarness.password)"),
        ("Authorization", "bearer \(GatewayHarness.password)"),
        ("authorization", "Bearer  \(GatewayHarness.password)"),
        ("X-BARE-PASSWORD", "password \(GatewayHarness.password)"),
        ("x-bare-password", "Password \(GatewayHarness.password)"),
    ])
    func request_IsServed_WhenEitherHeaderCarriesThePassword(header: String, value: String) throws {
        let harness = try GatewayHarness()
        let response = harness.send(.get, "/v1/identities/", headers: [(header, value)])
        #expect(response.status == 200, "\(header): \(value) → \(response.text)")
        #expect(response.json == [])
    }

    @Test func barePassword_Admits_EvenWhenAuthorizationCarriesAnSDKToken() throws {
        let harness = try GatewayHarness()
        let response = harness.send(.get, "/v1/tags/", headers: [
            ("Authorization", "Bearer sdk-placeholder-token"), ("X-BARE-PASSWORD", "password \(GatewayHarness.password)"),
        ])
        #expect(response.status == 200)
    }

    @Test(arguments: [
        ("/v1/health/", 200), ("/v1/health", 307), ("/latest/health/", 200), ("/v1/ready", 404),
        ("/v1/ready/", 404), ("/latest/ready", 404), ("/latest/ready/", 404),
    ])
    func healthPaths_AreNotAuthenticated(path: String, status: Int) throws {
        let harness = try GatewayHarness()
        let response = harness.send(.get, path)
        #expect(response.status == status, "\(path): \(response.text)")
        let withWrongPassword = harness.send(.get, path, bearer: "wrong")
        #expect(withWrongPassword.status == status)
    }

    @Test func health_AnswersItsBody_WithoutCredentials() throws {
        let harness = try GatewayHarness()
        let response = harness.send(.get, "/v1/health/")
        #expect(response.json == ["version": "0.16.8", "status": "ok"])
    }

    @Test(arguments: [
        (HTTPMethod.get, "/no/such/path"),
        (.get, "/v1/identities"),
        (.get, "/v1/health/extra"),
        (.delete, "/v1/tags/"),
        (.get, "/v1/identities/not-an-id"),
        (.get, "/v1/admin/orgs"),
        (.get, "/openapi.json"),
    ])
    func unauthenticatedRequest_Gets401_BeforeRoutingWouldAnswer(method: HTTPMethod, path: String) throws {
        let harness = try GatewayHarness()
        let response = harness.send(method, path)
        #expect(response.status == 401, "\(method) \(path)")
        #expect(response.json == unauthorizedBody)
    }

    @Test func routingAnswers_AreUnchanged_OnceAuthenticated() throws {
        let harness = try GatewayHarness()
        #expect(harness.admin(.get, "/no/such/path").status == 404)
        #expect(harness.admin(.get, "/v1/identities").status == 307)
        #expect(harness.admin(.delete, "/v1/tags/").status == 405)
    }

    @Test func openMode_ServesEveryone_AndIgnoresSDKBearerTokens() throws {
        let harness = try GatewayHarness(password: nil)
        #expect(harness.send(.get, "/v1/identities/").status == 200)
        #expect(harness.send(.get, "/v1/identities/", bearer: "letta-sdk-token").status == 200)
        let created = harness.send(.post, "/v1/blocks/", body: #"{"label":"human","value":"v"}"#, bearer: "anything")
        #expect(created.status == 200)
        #expect(try harness.store.countBlocks(BlockFilter(), organizationID: Actor.defaultOrganizationID) == 1)
    }

    @Test func emptyPassword_LeavesPasswordModeOff() throws {
        let harness = try GatewayHarness(password: "")
        #expect(harness.send(.get, "/v1/identities/").status == 200)
    }

    @Test func passwordHolder_ActsInTheDefaultOrganization() throws {
        let harness = try GatewayHarness()
        let created = harness.admin(.post, "/v1/identities/", body: #"{"identifier_key":"k","name":"n","identity_type":"user"}"#)
        #expect(created.status == 200)
        #expect(created.json["organization_id"] == .string(Actor.defaultOrganizationID))
    }

    @Test func userIDHeader_IsStillFormatChecked_AfterAuthentication() throws {
        let harness = try GatewayHarness()
        let bad = harness.send(.get, "/v1/blocks/", bearer: GatewayHarness.password, headers: [("user_id", "nobody")])
        #expect(bad.status == 400)
        #expect(bad.detail == "INVALID_ARGUMENT: Invalid user ID format: nobody. Expected format: 'user-<uuid4>'")
        let unauthenticated = harness.send(.get, "/v1/blocks/", headers: [("user_id", "nobody")])
        #expect(unauthenticated.status == 401)
    }

    @Test(arguments: [true, false])
    func unknownAPIKey_Gets401_InEveryMode(passwordMode: Bool) throws {
        let harness = try GatewayHarness(password: passwordMode ? GatewayHarness.password : nil)
        let response = harness.send(.get, "/v1/identities/", bearer: APIKeySecret.generate())
        #expect(response.status == 401)
        #expect(response.json == unauthorizedBody)
    }

    @Test func routerWithoutGateway_RefusesHandlers_WhenPasswordIsSet() throws {
        let store = try SQLiteStore(path: ":memory:")
        let context = APIContext(store: store, password: "secret")
        let router = LettaAPI.makeRouter(context: context)
        let response = APIResponse(router.respond(to: HTTPRequest(method: .get, target: "/v1/identities/")))
        #expect(response.status == 401)
        let admin = APIResponse(router.respond(to: HTTPRequest(method: .get, target: "/v1/admin/orgs")))
        #expect(admin.status == 401)
    }

    @Test func credentialHeaderValue_IsParsedBySchemeCaseInsensitively() {
        #expect(Authenticator.value(of: "Bearer abc", scheme: "bearer") == "abc")
        #expect(Authenticator.value(of: "BEARER   abc def", scheme: "bearer") == "abc def")
        #expect(Authenticator.value(of: "Bearer", scheme: "bearer") == nil)
        #expect(Authenticator.value(of: "Bearerabc", scheme: "bearer") == nil)
        #expect(Authenticator.value(of: "Token abc", scheme: "bearer") == nil)
    }
}

@Suite("The /latest alias prefix")
struct LatestAliasTests {
    @Test func latestPrefix_AnswersAsV1_BehindTheSameAuthentication() throws {
        let harness = try GatewayHarness()
        let created = harness.admin(.post, "/latest/identities/", body: #"{"identifier_key":"k1","name":"N","identity_type":"user"}"#)
        #expect(created.status == 200, "\(created.text)")
        let id = created.json["id"]?.stringValue ?? ""
        #expect(harness.admin(.get, "/v1/identities/\(id)").json == created.json)
        #expect(harness.admin(.get, "/latest/identities/?identifier_key=k1").json == [created.json])
        #expect(harness.admin(.get, "/latest/identities/count").json == 1)
        #expect(harness.send(.get, "/latest/identities/").status == 401)
        let redirect = harness.send(.get, "/latest/identities?limit=1", bearer: GatewayHarness.password, headers: [("Host", "h:1")])
        #expect(redirect.status == 307)
        #expect(redirect.headers["Location"] == "http://h:1/latest/identities/?limit=1")
        #expect(harness.admin(.get, "/latest/nothing").status == 404)
    }
}
