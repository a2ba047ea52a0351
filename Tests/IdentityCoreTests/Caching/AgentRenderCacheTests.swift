import HTTPKit
import Testing

@testable import IdentityCore
import IdentityTestSupport

@Suite("Agent rendering cache")
struct AgentRenderCacheTests {
    // MARK: The cache itself

    @Test func lookup_NeedsTheSameRevisionAndOrganization() {
        let cache = AgentRenderCache(maximumBytes: 1 << 20)
        cache.store(agentID: "agent-1", organizationID: "org-a", revision: 7, json: Array("{}".utf8))
        #expect(cache.rendering(agentID: "agent-1", organizationID: "org-a", revision: 7) == Array("{}".utf8))
        #expect(cache.rendering(agentID: "agent-1", organizationID: "org-a", revision: 8) == nil)
        #expect(cache.rendering(agentID: "agent-1", organizationID: "org-b", revision: 7) == nil)
        #expect(cache.rendering(agentID: "agent-2", organizationID: "org-a", revision: 7) == nil)
        cache.store(agentID: "agent-1", organizationID: "org-a", revision: 8, json: Array("[]".utf8))
        #expect(cache.rendering(agentID: "agent-1", organizationID: "org-a", revision: 7) == nil)
        #expect(cache.rendering(agentID: "agent-1", organizationID: "org-a", revision: 8) == Array("[]".utf8))
        let statistics = cache.statistics
        #expect(statistics.hits == 2)
        #expect(statistics.misses == 4)
        #expect(statistics.entries == 1)
    }

    @Test func unchangedSince_HitsOnlyUnderTheStampTheEntryWasLastFoundCurrentUnder() {
        let cache = AgentRenderCache(maximumBytes: 1 << 20)
        let first = CommitStamp(1, 2, 3, 4, 5, 6)
        let second = CommitStamp(1, 2, 3, 4, 5, 7)
        let json = Array("{}".utf8)
        cache.store(agentID: "agent-1", organizationID: "org-a", revision: 7, json: json)
        #expect(cache.rendering(agentID: "agent-1", organizationID: "org-a", unchangedSince: first) == nil, "no stamp yet")
        cache.store(agentID: "agent-1", organizationID: "org-a", revision: 7, json: json, validatedAt: first)
        #expect(cache.rendering(agentID: "agent-1", organizationID: "org-a", unchangedSince: first) == json)
        #expect(cache.rendering(agentID: "agent-1", organizationID: "org-a", unchangedSince: second) == nil)
        #expect(cache.rendering(agentID: "agent-1", organizationID: "org-b", unchangedSince: first) == nil)
        // Found current again under a newer stamp: that stamp replaces the old one.
        #expect(cache.rendering(agentID: "agent-1", organizationID: "org-a", revision: 7, validatedAt: second) == json)
        #expect(cache.rendering(agentID: "agent-1", organizationID: "org-a", unchangedSince: second) == json)
        #expect(cache.rendering(agentID: "agent-1", organizationID: "org-a", unchangedSince: first) == nil)
        // A new revision stored without a stamp drops the old stamp with the old rendering.
        cache.store(agentID: "agent-1", organizationID: "org-a", revision: 8, json: Array("[]".utf8))
        #expect(cache.rendering(agentID: "agent-1", organizationID: "org-a", unchangedSince: second) == nil)
        #expect(cache.statistics.hits == 3)
    }

    @Test func readByID_IsFresh_AfterAWriteByAnotherInstanceOnTheSameDatabase() throws {
        let location = try TestStoreLocation()
        let serving = try location.open()
        defer { serving.close() }
        let cache = AgentRenderCache(maximumBytes: 1 << 20)
        let router = LettaAPI.makeRouter(context: APIContext(store: serving, agentCache: cache))
        func get(_ id: String) -> JSONValue {
            let response = router.respond(to: HTTPRequest(method: .get, target: "/v1/agents/\(id)", headers: HTTPHeaders(), body: []))
            return (try? JSONParser.parse(response.body)) ?? .null
        }
        let other = try location.open()
        defer { other.close() }
        let agent = try other.createAgent(StoreFixture.agent("Ada", org: Actor.defaultOrganizationID), newBlocks: [])
        #expect(get(agent.id)["name"] == .string("Ada"))
        #expect(get(agent.id)["name"] == .string("Ada"))
        let hits = cache.statistics.hits
        #expect(get(agent.id)["name"] == .string("Ada"))
        #expect(cache.statistics.hits == hits + 1, "nothing was written: served from the cache")
        for name in ["Grace", "Edsger", "Barbara"] {
            _ = try other.updateAgent(id: agent.id, organizationID: agent.organizationID) { $0.name = name }
            #expect(get(agent.id)["name"] == .string(name), "the write by the other instance is seen at once")
            #expect(get(agent.id)["name"] == .string(name))
        }
        #expect(try other.deleteAgent(id: agent.id, organizationID: agent.organizationID))
        #expect(get(agent.id)["detail"] == .string("Agent not found: \(agent.id)"))
    }

    @Test func budget_EvictsEntriesNotUsedSinceTheHandPassed() {
        let entry = 1000
        let cost = entry + 2 * "agent-00".utf8.count + "org".utf8.count + AgentRenderCache.entryOverhead
        let cache = AgentRenderCache(maximumBytes: 4 * cost)
        for index in 0..<4 {
            cache.store(agentID: "agent-0\(index)", organizationID: "org", revision: 1, json: Array(repeating: 32, count: entry))
        }
        #expect(cache.statistics.entries == 4)
        #expect(cache.statistics.bytes == 4 * cost)
        // Used since: kept by the second chance; the others go first, in ring order.
        #expect(cache.rendering(agentID: "agent-00", organizationID: "org", revision: 1) != nil)
        cache.store(agentID: "agent-04", organizationID: "org", revision: 1, json: Array(repeating: 32, count: entry))
        #expect(cache.statistics.evictions == 1)
        #expect(cache.statistics.entries == 4)
        #expect(cache.rendering(agentID: "agent-00", organizationID: "org", revision: 1) != nil)
        #expect(cache.rendering(agentID: "agent-01", organizationID: "org", revision: 1) == nil)
        #expect(cache.rendering(agentID: "agent-04", organizationID: "org", revision: 1) != nil)
        #expect(cache.statistics.bytes <= cache.maximumBytes)
        // Larger than the whole budget: not kept, nothing evicted for it.
        cache.store(agentID: "agent-big", organizationID: "org", revision: 1, json: Array(repeating: 32, count: 5 * cost))
        #expect(cache.rendering(agentID: "agent-big", organizationID: "org", revision: 1) == nil)
        #expect(cache.statistics.evictions == 1)
    }

    @Test func concurrentReadersAndWriters_StayWithinBudget() async {
        let cache = AgentRenderCache(maximumBytes: 2 << 20)
        await withTaskGroup(of: Void.self) { group in
            for worker in 0..<8 {
                group.addTask {
                    for round in 0..<2000 {
                        let id = "agent-\((worker * 7919 + round * 31) % 3000)"
                        if cache.rendering(agentID: id, organizationID: "org", revision: Int64(round % 3)) == nil {
                            cache.store(
                                agentID: id, organizationID: "org", revision: Int64(round % 3),
                                json: Array(repeating: UInt8(ascii: "x"), count: 1500))
                        }
                    }
                }
            }
        }
        let statistics = cache.statistics
        #expect(statistics.hits + statistics.misses == 16000)
        #expect(statistics.evictions > 0)
        #expect(statistics.bytes <= cache.maximumBytes)
    }

    // MARK: Reads through the API

    @Test func pages_AreTheUncachedBytes_WhetherHitMissOrEvicted() throws {
        // Room for about two agents: most reads evict.
        for cache in [AgentRenderCache(maximumBytes: 12 << 10), AgentRenderCache(maximumBytes: 1 << 20), nil] {
            let harness = try CacheHarness(cache: cache)
            let identity = harness.identity("team")
            let block = harness.block("human", tags: ["bt"])
            let agents = (0..<8).map {
                harness.agent(#""name":"A\#($0)","tags":["t","u\#($0)"],"identity_ids":["\#(identity)"],"block_ids":["\#(block)"]"#)
            }
            for _ in 0..<2 {
                for path in ["/v1/agents/", "/v1/agents/?tags=t&limit=5", "/v1/agents/?identifier_keys=team",
                             "/v1/identities/\(identity)/agents", "/v1/blocks/\(block)/agents?limit=3", "/v1/agents/?limit=0"] {
                    let served = harness.send(.get, path)
                    #expect(served.status == .ok)
                    #expect(served.text == harness.send(.get, path, through: harness.uncached).text, "\(path)")
                }
            }
            harness.write(.patch, "/v1/blocks/\(block)", #"{"value":"changed"}"#)
            let page = harness.send(.get, "/v1/agents/?tags=t")
            #expect(page.json.arrayValue?.count == 8)
            #expect(page.json.arrayValue?.allSatisfy { $0["blocks"]?.arrayValue?.first?["value"] == "changed" } == true)
            let evicting = (cache?.maximumBytes ?? 0) < 16 << 10
            harness.expectFresh(agents[0], agents[7], expectHit: !evicting)
            if let cache, evicting {
                #expect(cache.statistics.evictions > 0)
            }
        }
    }

    @Test func deletedAgent_IsNotFound() throws {
        let harness = try CacheHarness()
        let agent = harness.agent(#""name":"Mine""#)
        harness.expectFresh(agent)
        harness.write(.delete, "/v1/agents/\(agent)")
        let gone = harness.send(.get, "/v1/agents/\(agent)")
        #expect(gone.status == .notFound)
        #expect(gone.json["detail"] == .string("Agent not found: \(agent)"))
        #expect(harness.send(.get, "/v1/agents/").json == [])
    }
}
