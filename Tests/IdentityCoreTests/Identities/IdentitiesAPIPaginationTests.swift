import HTTPKit
import Testing
@testable import IdentityCore
import IdentityTestSupport

/// `GET /v1/identities/` pagination: strict record cursors, family P1 (docs/reference/letta-api.md §1.9).
@Suite struct IdentitiesAPIPaginationTests {
    let api: IdentitiesHarness
    /// Seven identities p0…p6 in project "page", oldest first, one microsecond apart;
    /// p2 and p3 share a creation time so the id breaks the tie.
    let ids: [String]

    init() throws {
        api = try IdentitiesHarness()
        var ids: [String] = []
        for index in 0..<7 {
            let createdAt: Int64 = index == 3 ? 1_000_002 : 1_000_000 + Int64(index)
            ids.append(try api.storeIdentity("p\(index)", projectID: "page", createdAt: createdAt))
        }
        if ids[3] < ids[2] { ids.swapAt(2, 3) }
        self.ids = ids
        try api.storeIdentity("outsider", projectID: "other", createdAt: 999_999)
    }

    func page(_ query: String) -> APIResponse {
        api.send(.get, "/v1/identities/?project_id=page&" + query)
    }

    var ascending: [String] { ids }
    var descending: [String] { ids.reversed() }

    @Test func list_OrdersByCreationThenID_InBothOrders() {
        #expect(page("order=asc").ids == ascending)
        #expect(page("order=desc").ids == descending)
        #expect(page("").ids == descending)
    }

    @Test func list_WalksPagesForward_WithAfter_Descending() {
        var seen: [String] = []
        var query = "limit=3"
        var pages = 0
        while true {
            let response = page(query)
            #expect(response.status == 200)
            if response.ids.isEmpty { break }
            #expect(response.ids.count <= 3)
            seen += response.ids
            pages += 1
            query = "limit=3&after=\(response.ids.last!)"
        }
        #expect(seen == descending)
        #expect(pages == 3)
    }

    @Test func list_WalksPagesForward_WithAfter_Ascending() {
        #expect(page("order=asc&limit=3").ids == Array(ascending[0..<3]))
        #expect(page("order=asc&limit=3&after=\(ascending[2])").ids == Array(ascending[3..<6]))
        #expect(page("order=asc&limit=3&after=\(ascending[5])").ids == [ascending[6]])
        #expect(page("order=asc&limit=3&after=\(ascending[6])").ids == [])
    }

    @Test func list_AfterCrossesTiedCreationTimes() {
        #expect(page("order=asc&after=\(ascending[2])").ids == Array(ascending[3...]))
        #expect(page("order=desc&after=\(ascending[3])").ids == Array(ascending[0..<3].reversed()))
    }

    @Test func list_BeforeTakesPageFromStartOfWhatPrecedes() {
        #expect(page("before=\(descending[1])").ids == [descending[0]])
        #expect(page("order=asc&before=\(ascending[4])").ids == Array(ascending[0..<4]))
        #expect(page("order=asc&limit=2&before=\(ascending[4])").ids == Array(ascending[0..<2]))
        #expect(page("limit=2&before=\(descending[5])").ids == Array(descending[0..<2]))
        #expect(page("order=asc&before=\(ascending[0])").ids == [])
    }

    @Test func list_BothCursorsReturnWhatLiesBetween_InEitherOrder() {
        let older = ascending[1]
        let newer = ascending[5]
        #expect(page("order=asc&after=\(older)&before=\(newer)").ids == Array(ascending[2..<5]))
        #expect(page("order=desc&after=\(older)&before=\(newer)").ids == Array(ascending[2..<5].reversed()))
        #expect(page("order=asc&limit=2&after=\(older)&before=\(newer)").ids == Array(ascending[2..<4]))
        #expect(page("order=desc&limit=2&after=\(older)&before=\(newer)").ids == [ascending[4], ascending[3]])
        #expect(page("after=\(older)&before=\(ascending[2])").ids == [])
        #expect(page("after=\(older)&before=\(older)").ids == [])
    }

    @Test(arguments: ["asc", "desc"])
    func list_Returns400_WhenBeforeIsOlderThanAfter(order: String) {
        let response = page("order=\(order)&after=\(ascending[6])&before=\(ascending[0])")
        #expect(response.status == 400)
        #expect(response.json == Expect.detail("'before' reference must be later than 'after' reference"))
    }

    @Test func list_Returns400_WhenTiedCursorsAreInIDOrderReversed() {
        let response = page("after=\(ascending[3])&before=\(ascending[2])")
        #expect(response.status == 400)
    }

    @Test(arguments: ["after", "before"])
    func list_Returns404_WhenCursorIsUnknown(cursor: String) {
        let unknown = page("\(cursor)=\(Unknown.identity)")
        #expect(unknown.status == 404)
        #expect(unknown.json == Expect.detail("No Identity found with id \(Unknown.identity)"))
        let garbage = page("\(cursor)=garbage")
        #expect(garbage.json == Expect.detail("No Identity found with id garbage"))
    }

    @Test func list_ChecksBeforeCursorFirst_WhenBothAreUnknown() {
        let response = page("after=a-missing&before=b-missing")
        #expect(response.json == Expect.detail("No Identity found with id b-missing"))
        let afterOnly = page("after=a-missing&before=\(ascending[3])")
        #expect(afterOnly.json == Expect.detail("No Identity found with id a-missing"))
    }

    @Test func list_Returns404_WhenCursorBelongsToAnotherOrganization() throws {
        let org = "org-22222222-2222-4222-8222-222222222222"
        try api.store.ensureOrganization(id: org, name: "elsewhere")
        let foreign = try api.storeIdentity("f", createdAt: 1_000_003, organizationID: org)
        #expect(page("after=\(foreign)").json == Expect.detail("No Identity found with id \(foreign)"))
    }

    @Test func list_CursorMayLieOutsideTheFilter() throws {
        let outsider = try #require(api.send(.get, "/v1/identities/?project_id=other").ids.first)
        #expect(page("order=asc&after=\(outsider)").ids == ascending)
    }

    @Test func list_LimitZeroMeansNoLimit_AndDefaultIsFifty() throws {
        #expect(page("limit=0").ids == descending)
        for index in 0..<55 { try api.storeIdentity("bulk\(index)", projectID: "bulk", createdAt: 2_000_000 + Int64(index)) }
        #expect(api.send(.get, "/v1/identities/?project_id=bulk").ids.count == 50)
        #expect(api.send(.get, "/v1/identities/?project_id=bulk&limit=0").ids.count == 55)
        #expect(api.send(.get, "/v1/identities/?project_id=bulk&limit=7").ids.count == 7)
    }

    @Test func list_Returns422_WhenLimitIsNegative() {
        let response = page("limit=-1")
        #expect(response.status == 422)
        #expect(response.json == Expect.validation(
            Expect.issue("greater_than_equal", ["query", "limit"], "Input should be greater than or equal to 0", input: "-1",
                         context: ["ge": 0])
        ))
    }
}
