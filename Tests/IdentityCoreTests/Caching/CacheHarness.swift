import HTTPKit
import Testing

@testable import IdentityCore
import IdentityTestSupport

/// The whole API twice over one store of the test backend: `cached` answers agent reads through an
/// `AgentRenderCache`, `uncached` loads and renders every read. After any write, every read path of
/// an agent must answer byte for byte what the uncached router answers (`expectFresh`). On SQLite the
/// store is a file, so reads by id take the commit-stamp path (an in-memory database has no WAL).
struct CacheHarness {
    let store: any IdentityStore
    let cache: AgentRenderCache?
    let cached: Router
    let uncached: Router
    /// The SQLite file, deleted with the last copy of the harness.
    private let location: TestStoreLocation?

    init(cache: AgentRenderCache? = AgentRenderCache(maximumBytes: 1 << 20)) throws {
        if TestBackend.current == .sqlite {
            let location = try TestStoreLocation()
            self.location = location
            store = try location.open()
        } else {
            location = nil
            store = try makeTestStore()
        }
        self.cache = cache
        cached = LettaAPI.makeRouter(context: APIContext(store: store, agentCache: cache))
        uncached = LettaAPI.makeRouter(context: APIContext(store: store, agentCache: nil))
    }

    @discardableResult
    func send(
        _ method: HTTPMethod, _ target: String, _ body: String? = nil, through router: Router? = nil,
        sourceLocation: SourceLocation = #_sourceLocation
    ) -> (status: HTTPStatus, text: String, json: JSONValue) {
        var headers = HTTPHeaders()
        if body != nil { headers.add(name: "Content-Type", value: "application/json") }
        let request = HTTPRequest(method: method, target: target, headers: headers, body: Array((body ?? "").utf8))
        let response = (router ?? cached).respond(to: request)
        let text = String(decoding: response.body, as: UTF8.self)
        let json = (try? JSONParser.parse(response.body)) ?? .string(text)
        return (response.status, text, json)
    }

    /// Sends a write and expects a 2xx.
    @discardableResult
    func write(
        _ method: HTTPMethod, _ target: String, _ body: String? = nil, sourceLocation: SourceLocation = #_sourceLocation
    ) -> JSONValue {
        let reply = send(method, target, body)
        #expect(reply.status.code < 300, "\(method) \(target): \(reply.text.prefix(300))", sourceLocation: sourceLocation)
        return reply.json
    }

    /// Creates an agent from JSON members (model added) and returns its id.
    func agent(_ members: String, sourceLocation: SourceLocation = #_sourceLocation) -> String {
        let json = write(.post, "/v1/agents/", #"{"model":"openai/gpt-4o-mini"\#(members.isEmpty ? "" : "," + members)}"#,
                         sourceLocation: sourceLocation)
        return json["id"]?.stringValue ?? ""
    }

    func identity(_ key: String, name: String = "Someone", sourceLocation: SourceLocation = #_sourceLocation) -> String {
        let json = write(.post, "/v1/identities/", #"{"identifier_key":"\#(key)","name":"\#(name)","identity_type":"user"}"#,
                         sourceLocation: sourceLocation)
        return json["id"]?.stringValue ?? ""
    }

    func block(_ label: String, value: String = "v", tags: [String] = [], sourceLocation: SourceLocation = #_sourceLocation)
        -> String
    {
        let tagList = tags.map { #""\#($0)""# }.joined(separator: ",")
        let json = write(.post, "/v1/blocks/", #"{"label":"\#(label)","value":"\#(value)","tags":[\#(tagList)]}"#,
                         sourceLocation: sourceLocation)
        return json["id"]?.stringValue ?? ""
    }

    /// Every read path that renders `agentID`: by id, the whole list, and, from its current state,
    /// by each tag, by each identity's key, the identity and block sub-lists.
    func readPaths(_ agentID: String) -> [String] {
        let state = send(.get, "/v1/agents/\(agentID)", through: uncached).json
        var paths = ["/v1/agents/\(agentID)", "/v1/agents/?limit=1000"]
        for tag in state["tags"]?.strings ?? [] { paths.append("/v1/agents/?tags=\(tag)") }
        for identity in state["identities"]?.arrayValue ?? [] {
            if let key = identity["identifier_key"]?.stringValue { paths.append("/v1/agents/?identifier_keys=\(key)") }
            if let id = identity["id"]?.stringValue { paths.append("/v1/identities/\(id)/agents") }
        }
        for block in state["blocks"]?.arrayValue ?? [] {
            if let id = block["id"]?.stringValue { paths.append("/v1/blocks/\(id)/agents") }
        }
        return paths
    }

    /// Reads every path of each agent through both routers and expects the same bytes; then reads
    /// each agent by id again and expects it to come from the cache (so the next write meets a warm
    /// cache; `expectHit` false for a cache too small to keep it). Returns each agent's state.
    @discardableResult
    func expectFresh(
        _ agentIDs: String..., expectHit: Bool = true, sourceLocation: SourceLocation = #_sourceLocation
    ) -> [JSONValue] {
        agentIDs.map { agentID in
            for path in readPaths(agentID) {
                let fresh = send(.get, path, through: uncached)
                let served = send(.get, path)
                #expect(fresh.status == .ok, "\(path): \(fresh.text.prefix(200))", sourceLocation: sourceLocation)
                #expect(served.text == fresh.text, "stale answer from \(path)", sourceLocation: sourceLocation)
            }
            if let cache, expectHit {
                let before = cache.statistics.hits
                send(.get, "/v1/agents/\(agentID)")
                #expect(cache.statistics.hits == before + 1, "a second read is a hit", sourceLocation: sourceLocation)
            }
            return send(.get, "/v1/agents/\(agentID)").json
        }
    }

    /// Reads the agent by id and expects a miss: the write changed its revision.
    func expectMiss(_ agentID: String, sourceLocation: SourceLocation = #_sourceLocation) {
        guard let cache else { return }
        let before = cache.statistics.misses
        send(.get, "/v1/agents/\(agentID)")
        #expect(cache.statistics.misses == before + 1, "the write bumped the revision", sourceLocation: sourceLocation)
    }
}
