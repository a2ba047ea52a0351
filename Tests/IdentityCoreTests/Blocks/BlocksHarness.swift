import HTTPKit
@testable import IdentityCore
import Testing
import IdentityTestSupport

/// Runs the blocks and tags APIs in process over a fresh store of the test backend (`makeTestStore()`).
struct BlocksHarness {
    /// A decoded answer: the status and the parsed JSON body.
    struct Reply {
        let status: Int
        let json: JSONValue
        let response: HTTPResponse

        /// The `detail` of an error body.
        var detail: JSONValue? { json["detail"] }
        /// The `type` of each 422 issue, in order.
        var issueTypes: [String] { detail?.arrayValue?.compactMap { $0["type"]?.stringValue } ?? [] }
        /// The `loc` of each 422 issue, in order.
        var issueLocations: [JSONValue] { detail?.arrayValue?.compactMap { $0["loc"] } ?? [] }
        /// The `id` of each object of an array body, in order.
        var ids: [String] { json.arrayValue?.compactMap { $0["id"]?.stringValue } ?? [] }
        /// The strings of an array-of-strings body.
        var strings: [String] { BlocksHarness.strings(json) }
    }

    /// The strings of a JSON array of strings (empty for anything else).
    static func strings(_ value: JSONValue?) -> [String] {
        value?.arrayValue?.compactMap(\.stringValue) ?? []
    }

    let store: any IdentityStore
    let router: Router
    let organizationID = Actor.defaultOrganizationID

    init() throws {
        store = try makeTestStore()
        router = Router()
        let context = APIContext(store: store)
        BlocksAPI(context: context).register(on: router)
        TagsAPI(context: context).register(on: router)
    }

    /// Sends a request and parses the answer's body (which every endpoint writes as JSON).
    func send(
        _ method: HTTPMethod, _ target: String, body: String? = nil, headers: HTTPHeaders = HTTPHeaders(),
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> Reply {
        var headers = headers
        if body != nil && !headers.contains("Content-Type") { headers.add(name: "Content-Type", value: "application/json") }
        let request = HTTPRequest(method: method, target: target, headers: headers, body: Array((body ?? "").utf8))
        let response = router.respond(to: request)
        let json = try #require(try? JSONParser.parse(response.body), "body is not JSON", sourceLocation: sourceLocation)
        return Reply(status: response.status.code, json: json, response: response)
    }

    func get(_ target: String) throws -> Reply { try send(.get, target) }

    /// Creates a block through `POST /v1/blocks/` and returns its JSON.
    @discardableResult
    func createBlock(_ body: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> JSONValue {
        let reply = try send(.post, "/v1/blocks/", body: body)
        try #require(reply.status == 200, "create failed: \(reply.json)", sourceLocation: sourceLocation)
        return reply.json
    }

    /// Creates a block through the API and returns its id.
    func createBlockID(_ body: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        try #require(try createBlock(body, sourceLocation: sourceLocation)["id"]?.stringValue, sourceLocation: sourceLocation)
    }

    /// Stores a block directly, for tests that need fixed creation times.
    @discardableResult
    func storeBlock(
        label: String = "human", createdAt: Int64, id: String = ObjectID.generate(.block), tags: [String] = [],
        organizationID: String = Actor.defaultOrganizationID
    ) throws -> Block {
        try store.createBlock(Block(
            id: id, organizationID: organizationID, label: label, value: "v\(createdAt)", tags: tags,
            createdAt: Timestamp(microseconds: createdAt)
        ))
    }

    /// Stores an identity directly.
    @discardableResult
    func storeIdentity(key: String, blockIDs: [String] = []) throws -> Identity {
        try store.createIdentity(Identity(
            identifierKey: key, name: "Name \(key)", identityType: .user, organizationID: organizationID, blockIDs: blockIDs
        ))
    }

    /// Stores an agent directly, attached to existing blocks and to `newBlocks`.
    @discardableResult
    func storeAgent(name: String, blockIDs: [String] = [], tags: [String] = [], newBlocks: [Block] = []) throws -> Agent {
        var agent = Agent(
            organizationID: organizationID, name: name, agentType: "letta_v1_agent", system: "", llmConfig: JSONObject()
        )
        agent.blockIDs = blockIDs + newBlocks.map(\.id)
        agent.tags = tags
        return try store.createAgent(agent, newBlocks: newBlocks)
    }
}
