import HTTPKit
import Testing

@testable import IdentityCore
import IdentityTestSupport

@Suite("AgentsAPI pagination")
struct AgentsAPIPaginationTests {
    /// Seven agents; updates and runs touch them in an order different from creation.
    struct Fixture {
        let harness: AgentsHarness
        /// Ids in creation order.
        let created: [String]

        init() throws {
            let harness = try AgentsHarness()
            self.harness = harness
            created = (0..<7).map { harness.agent("Agent \($0)") }
            for index in [4, 1, 6, 0, 3, 5, 2] {
                harness.send(.patch, "/v1/agents/\(created[index])", #"{"description":"touched \#(index)"}"#)
            }
            let runs = [5: "2025-01-03T00:00:00Z", 2: "2025-01-01T00:00:00Z", 0: "2025-01-02T00:00:00+02:00"]
            for (index, time) in runs {
                harness.send(.patch, "/v1/agents/\(created[index])", #"{"last_run_completion":"\#(time)"}"#)
            }
        }

        /// The ids ordered by `key` ascending, ties by id, as the store must order them.
        func expected(_ key: String) -> [String] {
            let agents = created.map { harness.agentState($0) }
            func time(_ agent: JSONValue) -> Timestamp? {
                agent[key]?.stringValue.flatMap { Timestamp(iso8601: $0) }
            }
            return agents.sorted { lhs, rhs in
                (time(lhs)?.microseconds ?? 0, lhs["id"]?.stringValue ?? "") < (time(rhs)?.microseconds ?? 0, rhs["id"]?.stringValue ?? "")
            }.compactMap { $0["id"]?.stringValue }
        }

        func ids(_ query: String) -> [String] {
            let reply = harness.send(.get, "/v1/agents/?\(query)")
            #expect(reply.status == .ok, "\(query): \(reply.text)")
            return reply.ids
        }

        /// Every page of `limit` following `after` cursors, concatenated.
        func walk(order: String, orderBy: String, limit: Int) -> [String] {
            var result: [String] = []
            var cursor: String?
            for _ in 0..<10 {
                let page = ids("limit=\(limit)&order=\(order)&order_by=\(orderBy)" + (cursor.map { "&after=\($0)" } ?? ""))
                if page.isEmpty { break }
                #expect(page.count <= limit)
                result += page
                cursor = page.last
            }
            return result
        }
    }

    @Test(arguments: ["created_at", "updated_at"])
    func list_PagesForwardInBothOrders(orderBy: String) throws {
        let fixture = try Fixture()
        let ascending = fixture.expected(orderBy)
        #expect(Set(ascending) == Set(fixture.created))
        #expect(fixture.walk(order: "asc", orderBy: orderBy, limit: 3) == ascending)
        #expect(fixture.walk(order: "desc", orderBy: orderBy, limit: 3) == ascending.reversed())
        #expect(fixture.walk(order: "asc", orderBy: orderBy, limit: 7) == ascending)
        #expect(fixture.ids("order=asc&order_by=\(orderBy)&limit=0") == ascending)
    }

    @Test func list_SortsByCreationTimeByDefault_NotUpdateTime() throws {
        let fixture = try Fixture()
        #expect(fixture.ids("order=asc") == fixture.expected("created_at"))
        #expect(fixture.expected("created_at") != fixture.expected("updated_at"))
    }

    @Test func list_PutsAgentsThatNeverRanLast_InBothOrders() throws {
        let fixture = try Fixture()
        let ran = [fixture.created[0], fixture.created[2], fixture.created[5]]
        let neverRan = fixture.created.filter { !ran.contains($0) }.sorted()
        let ascending = fixture.ids("order=asc&order_by=last_run_completion")
        #expect(Array(ascending.prefix(3)) == [fixture.created[2], fixture.created[0], fixture.created[5]])
        #expect(Set(ascending.suffix(4)) == Set(neverRan))
        let descending = fixture.ids("order=desc&order_by=last_run_completion")
        #expect(Array(descending.prefix(3)) == [fixture.created[5], fixture.created[0], fixture.created[2]])
        #expect(Set(descending.suffix(4)) == Set(neverRan))
        #expect(fixture.walk(order: "asc", orderBy: "last_run_completion", limit: 2) == ascending)
        #expect(fixture.walk(order: "desc", orderBy: "last_run_completion", limit: 2) == descending)
        let state = fixture.harness.agentState(fixture.created[0])
        #expect(state["last_run_completion"] == "2025-01-01T22:00:00Z")
    }

    @Test func list_TakesBeforePagesFromTheStart() throws {
        let fixture = try Fixture()
        let ascending = fixture.expected("created_at")
        #expect(fixture.ids("order=asc&before=\(ascending[5])&limit=2") == Array(ascending[0..<2]))
        #expect(fixture.ids("order=asc&before=\(ascending[5])") == Array(ascending[0..<5]))
        let descending = Array(ascending.reversed())
        #expect(fixture.ids("order=desc&before=\(descending[4])&limit=3") == Array(descending[0..<3]))
        #expect(fixture.ids("order=asc&after=\(ascending[1])&before=\(ascending[5])") == Array(ascending[2..<5]))
        #expect(fixture.ids("order=desc&after=\(descending[1])&before=\(descending[5])") == Array(descending[2..<5]))
    }

    /// docs/reference/decisions.md #7: one rule for unknown cursors across all lists.
    @Test func list_Answers404_WhenACursorNamesNoAgent() throws {
        let fixture = try Fixture()
        let missing = missingID(.agent)
        let after = fixture.harness.send(.get, "/v1/agents/?after=\(missing)")
        #expect(after.status == .notFound)
        #expect(after.text == #"{"detail":"No Agent found with id \#(missing)"}"#)
        #expect(fixture.harness.send(.get, "/v1/agents/?before=nonsense&limit=2").status == .notFound)
    }
}
