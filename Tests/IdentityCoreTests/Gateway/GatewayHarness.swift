import HTTPKit
import Testing

@testable import IdentityCore
import IdentityTestSupport

/// The whole API (every route, admin included) behind an `APIGateway`, over a fresh store of the test
/// backend (`makeTestStore()`), driven in-process. `password` nil runs Letta's open default-org mode.
struct GatewayHarness {
    static let password = "correct horse battery staple"

    let store: any IdentityStore & TenantStore
    let context: APIContext
    let gateway: APIGateway

    init(password: String? = GatewayHarness.password, limits: APILimits = .default, accessLog: AccessLog? = nil) throws {
        store = try makeTestStore()
        context = APIContext(store: store, password: password, limits: limits)
        gateway = APIGateway(context: context, router: LettaAPI.makeRouter(context: context), accessLog: accessLog)
    }

    /// The request as the server would see it: raw body text, headers as given.
    func send(
        _ method: HTTPMethod, _ target: String, body: String? = nil, headers: [(String, String)] = []
    ) -> APIResponse {
        var fields = HTTPHeaders()
        if body != nil { fields.add(name: "Content-Type", value: "application/json") }
        for (name, value) in headers { fields.add(name: name, value: value) }
        let request = HTTPRequest(method: method, target: target, headers: fields, body: Array((body ?? "").utf8))
        return APIResponse(gateway.respond(to: request))
    }

    /// Sends with `Authorization: Bearer <token>`.
    func send(_ method: HTTPMethod, _ target: String, body: String? = nil, bearer token: String,
              headers: [(String, String)] = []) -> APIResponse {
        send(method, target, body: body, headers: [("Authorization", "Bearer \(token)")] + headers)
    }

    /// Sends as the admin (the password as a bearer token).
    func admin(_ method: HTTPMethod, _ target: String, body: String? = nil) -> APIResponse {
        send(method, target, body: body, bearer: Self.password)
    }

    /// Creates an organization through the admin API and returns its id.
    func createOrganization(_ name: String) -> String {
        let response = admin(.post, "/v1/admin/orgs", body: #"{"name":"\#(name)"}"#)
        #expect(response.status == 200, "create org: \(response.text)")
        return response.json["id"]?.stringValue ?? ""
    }

    /// Creates an API key for the organization and returns (key id, secret).
    func createKey(organizationID: String, name: String = "test") -> (id: String, secret: String) {
        let response = admin(.post, "/v1/admin/api-keys", body: #"{"organization_id":"\#(organizationID)","name":"\#(name)"}"#)
        #expect(response.status == 200, "create key: \(response.text)")
        return (response.json["id"]?.stringValue ?? "", response.json["key"]?.stringValue ?? "")
    }

    /// A new organization with one key; returns the key's secret and the organization id.
    func tenant(_ name: String) -> (organizationID: String, secret: String) {
        let organizationID = createOrganization(name)
        return (organizationID, createKey(organizationID: organizationID).secret)
    }
}

/// The expected 401 body.
let unauthorizedBody: JSONValue = ["detail": "Unauthorized"]
