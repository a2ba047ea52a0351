import HTTPKit
import Testing

@testable import IdentityCore
@testable import IdentitySQLite
import IdentityTestSupport

/// An in-process server for the agents endpoints: a router with `AgentsAPI` over a fresh store of the
/// test backend (`makeTestStore()`: in-memory SQLite, or PostgreSQL with `IDENTITY_TEST_BACKEND=postgres`). Requests go straight to `Router.respond(to:)`; bodies are parsed with JSONParser.
struct AgentsHarness {
    let store: any IdentityStore
    let router: Router

    /// The seed guide's agent request (docs/reference/letta-api.md §7.9) without identities and tags.
    static let seedBody = #"{"memory_blocks":[],"model":"anthropic/claude-3-5-sonnet-20241022","context_window_limit":200000,"embedding":"openai/text-embedding-3-small"}"#

    init() throws {
        store = try makeTestStore()
        router = Router()
        AgentsAPI(context: APIContext(store: store)).register(on: router)
    }

    struct Reply {
        let status: HTTPStatus
        let json: JSONValue
        let text: String

        /// `detail` of an error body.
        var detail: String? { json["detail"]?.stringValue }
        /// The `type` of each 422 issue.
        var issueTypes: [String] { json["detail"]?.arrayValue?.compactMap { $0["type"]?.stringValue } ?? [] }
        /// The `loc` of each 422 issue, joined with dots.
        var issueLocations: [String] {
            json["detail"]?.arrayValue?.map { issue in
                (issue["loc"]?.arrayValue ?? []).map { item in
                    item.stringValue ?? item.intValue.map { String($0) } ?? "?"
                }.joined(separator: ".")
            } ?? []
        }
        var array: [JSONValue] { json.arrayValue ?? [] }
        var ids: [String] { array.compactMap { $0["id"]?.stringValue } }
        var names: [String] { array.compactMap { $0["name"]?.stringValue } }
    }

    @discardableResult
    func send(_ method: HTTPMethod, _ target: String, _ body: String? = nil, headers: HTTPHeaders = HTTPHeaders()) -> Reply {
        var allHeaders = headers
        if body != nil, allHeaders["Content-Type"] == nil { allHeaders.add(name: "Content-Type", value: "application/json") }
        let request = HTTPRequest(method: method, target: target, headers: allHeaders, body: Array((body ?? "").utf8))
        let response = router.respond(to: request)
        let text = String(decoding: response.body, as: UTF8.self)
        let json = (try? JSONParser.parse(response.body)) ?? .string("<not JSON: \(text)>")
        return Reply(status: response.status, json: json, text: text)
    }

    /// Creates an agent through the API and returns its AgentState (the request must succeed).
    @discardableResult
    func createAgent(_ body: String, sourceLocation: SourceLocation = #_sourceLocation) -> JSONValue {
        let reply = send(.post, "/v1/agents/", body)
        #expect(reply.status == .ok, "create failed: \(reply.text)", sourceLocation: sourceLocation)
        return reply.json
    }

    /// Creates an agent with a name and optional extra members, e.g. `agent("A", #""tags":["x"]"#)`.
    @discardableResult
    func agent(_ name: String, _ extra: String = "", sourceLocation: SourceLocation = #_sourceLocation) -> String {
        let members = extra.isEmpty ? "" : "," + extra
        let json = createAgent(#"{"model":"openai/gpt-4o-mini","name":"\#(name)"\#(members)}"#, sourceLocation: sourceLocation)
        return json["id"]?.stringValue ?? ""
    }

    func makeIdentity(_ key: String, name: String = "Someone", projectID: String? = nil) throws -> Identity {
        try store.createIdentity(
            Identity(identifierKey: key, name: name, identityType: .user, projectID: projectID,
                     organizationID: Actor.defaultOrganizationID))
    }

    func makeBlock(_ label: String, value: String = "v", tags: [String] = []) throws -> Block {
        try store.createBlock(
            Block(organizationID: Actor.defaultOrganizationID, label: label, value: value, tags: tags))
    }

    func agentState(_ id: String) -> JSONValue {
        send(.get, "/v1/agents/\(id)").json
    }
}

/// A well-formed id that names nothing.
func missingID(_ kind: ObjectKind) -> String {
    "\(kind.prefix)-00000000-0000-4000-8000-000000000000"
}

extension JSONValue {
    /// The member names of an object, in order.
    var keys: [String] { objectValue?.keys ?? [] }
    var strings: [String] { arrayValue?.compactMap(\.stringValue) ?? [] }
}
