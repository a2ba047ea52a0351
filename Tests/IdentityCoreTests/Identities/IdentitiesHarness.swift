import HTTPKit
import Testing
@testable import IdentityCore
import IdentityTestSupport

/// A router serving only the identities API over a fresh store of the test backend (`makeTestStore()`), driven
/// in-process (no sockets).
struct IdentitiesHarness {
    let store: any IdentityStore
    let router: Router

    static let organizationID = Actor.defaultOrganizationID

    init() throws {
        store = try makeTestStore()
        router = Router()
        IdentitiesAPI(context: APIContext(store: store)).register(on: router)
    }

    /// Sends a request; `body` is raw text (JSON unless `contentType` says otherwise).
    func send(
        _ method: HTTPMethod, _ target: String, body: String? = nil,
        contentType: String? = "application/json", headers: [(String, String)] = []
    ) -> APIResponse {
        var fields = HTTPHeaders()
        if body != nil, let contentType { fields.add(name: "Content-Type", value: contentType) }
        for (name, value) in headers { fields.add(name: name, value: value) }
        let request = HTTPRequest(method: method, target: target, headers: fields, body: Array((body ?? "").utf8))
        return APIResponse(router.respond(to: request))
    }

    /// Sends `json` encoded compactly as the body.
    func send(_ method: HTTPMethod, _ target: String, json: JSONValue, headers: [(String, String)] = []) -> APIResponse {
        send(method, target, body: json.description, headers: headers)
    }

    /// Creates an identity through the API and returns its id (the creation must succeed).
    @discardableResult
    func createIdentity(
        _ key: String, name: String = "Name", type: String = "user", projectID: String? = nil,
        extra: [(String, JSONValue)] = []
    ) -> String {
        var body = JSONObject([("identifier_key", .string(key)), ("name", .string(name)), ("identity_type", .string(type))])
        if let projectID { body["project_id"] = .string(projectID) }
        for (key, value) in extra { body[key] = value }
        let response = send(.post, "/v1/identities/", json: .object(body))
        #expect(response.status == 200, "create \(key): \(response.text)")
        return response.json["id"]?.stringValue ?? ""
    }

    /// Stores an identity directly, with a chosen creation time (for ordering tests).
    @discardableResult
    func storeIdentity(_ key: String, name: String = "Name", type: IdentityType = .user, projectID: String? = nil,
                       createdAt: Int64, organizationID: String = organizationID) throws -> String {
        let identity = Identity(
            identifierKey: key, name: name, identityType: type, projectID: projectID,
            organizationID: organizationID, createdAt: Timestamp(microseconds: createdAt)
        )
        return try store.createIdentity(identity).id
    }

    /// An agent created through the store (the agents API lives elsewhere).
    func makeAgent(_ name: String = "helper") throws -> String {
        let agent = Agent(
            organizationID: Self.organizationID, name: name, agentType: "letta_v1_agent", system: "system",
            llmConfig: JSONObject([("model", .string("claude-3-5-sonnet"))])
        )
        return try store.createAgent(agent, newBlocks: []).id
    }

    /// A block created through the store.
    func makeBlock(_ label: String = "human") throws -> String {
        try store.createBlock(Block(organizationID: Self.organizationID, label: label, value: "shared block")).id
    }
}

/// A response with its body decoded.
struct APIResponse {
    let status: Int
    let headers: HTTPHeaders
    let contentType: String?
    let text: String
    let json: JSONValue

    init(_ response: HTTPResponse) {
        status = response.status.code
        headers = response.headers
        contentType = response.headers["Content-Type"]
        text = String(decoding: response.body, as: UTF8.self)
        json = (try? JSONParser.parse(response.body)) ?? .string("<not JSON: \(text)>")
    }

    /// The identities of a list response, by identifier_key.
    var keys: [String] { json.arrayValue?.compactMap { $0["identifier_key"]?.stringValue } ?? [] }

    /// The ids of a list response.
    var ids: [String] { json.arrayValue?.compactMap { $0["id"]?.stringValue } ?? [] }

    /// The `detail` of a `{"detail": "..."}` error.
    var detail: String? { json["detail"]?.stringValue }
}

/// Expected bodies, built in the server's key order.
enum Expect {
    static let organizationID = JSONValue.string(Actor.defaultOrganizationID)

    static func identity(
        id: String, key: String, name: String, type: String, projectID: String? = nil,
        agentIDs: [String] = [], blockIDs: [String] = [], properties: [JSONValue] = []
    ) -> JSONValue {
        .object(JSONObject([
            ("id", .string(id)),
            ("identifier_key", .string(key)),
            ("name", .string(name)),
            ("identity_type", .string(type)),
            ("project_id", projectID.map(JSONValue.string) ?? .null),
            ("agent_ids", .array(agentIDs.map(JSONValue.string))),
            ("block_ids", .array(blockIDs.map(JSONValue.string))),
            ("organization_id", organizationID),
            ("properties", .array(properties)),
        ]))
    }

    static func property(_ key: String, _ value: JSONValue, _ type: String) -> JSONValue {
        ["key": .string(key), "value": value, "type": .string(type)]
    }

    /// A 422 body with these issues.
    static func validation(_ issues: JSONValue...) -> JSONValue {
        ["trace_id": "", "detail": .array(issues)]
    }

    static func issue(_ type: String, _ location: JSONValue, _ message: String, input: JSONValue,
                      context: JSONValue? = nil) -> JSONValue {
        var object = JSONObject([
            ("type", .string(type)), ("loc", location), ("msg", .string(message)), ("input", input),
        ])
        if let context { object["ctx"] = context }
        return .object(object)
    }

    static func detail(_ message: String) -> JSONValue { ["detail": .string(message)] }

    /// The 422 for a malformed `identity_id` path parameter.
    static func malformedPathID(_ value: String) -> JSONValue {
        [
            "trace_id": "",
            "detail": [
                issue(
                    "string_pattern_mismatch", ["path", "identity_id"], "String should match pattern 'identity-{uuid4}'",
                    input: .string(value),
                    context: ["pattern": "^identity-[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$"]
                ),
            ],
            "examples": ["identity-123e4567-e89b-42d3-8456-426614174000"],
        ]
    }

    static let identityTypeEnumMessage = "Input should be 'org', 'user' or 'other'"
    static let identityTypeEnumContext: JSONValue = ["expected": "'org', 'user' or 'other'"]
    static let propertyTypeEnumMessage = "Input should be 'string', 'number', 'boolean' or 'json'"
    static let propertyTypeEnumContext: JSONValue = ["expected": "'string', 'number', 'boolean' or 'json'"]
}

/// Well-formed ids that name nothing.
enum Unknown {
    static let identity = "identity-00000000-0000-4000-8000-000000000000"
    static let agent = "agent-00000000-0000-4000-8000-000000000000"
    static let block = "block-00000000-0000-4000-8000-000000000000"
}
