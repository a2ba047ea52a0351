import HTTPKit
@testable import IdentityCore
import Testing
import IdentityTestSupport

@Suite("BlocksAPI pagination")
struct BlocksAPIPaginationTests {
    /// Six blocks stored with fixed creation times, two of them tied (broken by id), and the
    /// ids in ascending `(created_at, id)` order.
    static func makeBlocks() throws -> (BlocksHarness, [String]) {
        let harness = try BlocksHarness()
        let tied = [ObjectID.generate(.block), ObjectID.generate(.block)].sorted()
        // Stored out of order so insertion order cannot pass for creation order.
        let b40 = try harness.storeBlock(createdAt: 40)
        let b10 = try harness.storeBlock(createdAt: 10)
        try harness.storeBlock(createdAt: 30, id: tied[1])
        let b50 = try harness.storeBlock(createdAt: 50)
        try harness.storeBlock(createdAt: 30, id: tied[0])
        let b20 = try harness.storeBlock(createdAt: 20)
        return (harness, [b10.id, b20.id, tied[0], tied[1], b40.id, b50.id])
    }

    @Test func list_WalksForwardPagesOldestFirst_ByAfterCursor() throws {
        let (harness, ids) = try Self.makeBlocks()
        var pages: [[String]] = []
        var target = "/v1/blocks/?limit=2"
        while pages.count < 5 {
            let page = try harness.get(target).ids
            pages.append(page)
            guard let last = page.last else { break }
            target = "/v1/blocks/?limit=2&after=\(last)"
        }
        #expect(pages == [[ids[0], ids[1]], [ids[2], ids[3]], [ids[4], ids[5]], []])
    }

    @Test func list_WalksForwardPagesNewestFirst_WhenOrderIsDesc() throws {
        let (harness, ids) = try Self.makeBlocks()
        let first = try harness.get("/v1/blocks/?order=desc&limit=4").ids
        #expect(first == [ids[5], ids[4], ids[3], ids[2]])
        let second = try harness.get("/v1/blocks/?order=desc&limit=4&after=\(ids[2])").ids
        #expect(second == [ids[1], ids[0]])
        let third = try harness.get("/v1/blocks/?order=desc&limit=4&after=\(ids[0])").ids
        #expect(third == [])
    }

    @Test func list_TakesBeforePageFromTheStart_InBothOrders() throws {
        let (harness, ids) = try Self.makeBlocks()
        #expect(try harness.get("/v1/blocks/?before=\(ids[4])&limit=2").ids == [ids[0], ids[1]])
        #expect(try harness.get("/v1/blocks/?before=\(ids[4])").ids == Array(ids[0..<4]))
        #expect(try harness.get("/v1/blocks/?before=\(ids[3])&order=desc").ids == [ids[5], ids[4]])
        #expect(try harness.get("/v1/blocks/?before=\(ids[2])&order=desc&limit=1").ids == [ids[5]])
    }

    @Test func list_ReturnsItemsStrictlyBetween_WhenBothCursorsAreGiven() throws {
        let (harness, ids) = try Self.makeBlocks()
        #expect(try harness.get("/v1/blocks/?after=\(ids[1])&before=\(ids[5])").ids == [ids[2], ids[3], ids[4]])
        #expect(try harness.get("/v1/blocks/?after=\(ids[4])&before=\(ids[1])&order=desc").ids == [ids[3], ids[2]])
        #expect(try harness.get("/v1/blocks/?after=\(ids[4])&before=\(ids[1])").ids == [])
    }

    @Test func list_BreaksCreationTimeTiesById_AcrossAPageBoundary() throws {
        let (harness, ids) = try Self.makeBlocks()
        #expect(try harness.get("/v1/blocks/?after=\(ids[2])&limit=1").ids == [ids[3]])
        #expect(try harness.get("/v1/blocks/?after=\(ids[3])&limit=1&order=desc").ids == [ids[2]])
        #expect(try harness.get("/v1/blocks/?before=\(ids[3])&limit=1&order=desc").ids == [ids[5]])
    }

    /// docs/reference/decisions.md #7: an unknown cursor is a 404 on every list; an empty one means "no cursor".
    @Test func list_Answers404_WhenACursorNamesNoBlock() throws {
        let (harness, ids) = try Self.makeBlocks()
        let missing = try harness.get("/v1/blocks/?after=block-00000000-0000-4000-8000-000000000000")
        #expect(missing.status == 404)
        #expect(missing.json == ["detail": "No Block found with id block-00000000-0000-4000-8000-000000000000"])
        #expect(try harness.get("/v1/blocks/?before=garbage&limit=3").status == 404)
        #expect(try harness.get("/v1/blocks/?after=").ids == ids)
    }

    /// docs/reference/decisions.md #8: cursors are looked up in the caller's organization only.
    @Test func list_Answers404_WhenTheCursorBelongsToAnotherOrganization() throws {
        let (harness, _) = try Self.makeBlocks()
        let other = "org-11111111-1111-4111-8111-111111111111"
        try harness.store.ensureOrganization(id: other, name: "other")
        let foreign = try harness.storeBlock(createdAt: 25, organizationID: other)
        #expect(try harness.get("/v1/blocks/?after=\(foreign.id)").status == 404)
    }

    @Test func list_AppliesCursorsAfterFilters() throws {
        let harness = try BlocksHarness()
        let first = try harness.storeBlock(label: "keep", createdAt: 1)
        try harness.storeBlock(label: "skip", createdAt: 2)
        let third = try harness.storeBlock(label: "keep", createdAt: 3)
        let fourth = try harness.storeBlock(label: "keep", createdAt: 4)
        #expect(try harness.get("/v1/blocks/?label=keep&after=\(first.id)&limit=1").ids == [third.id])
        #expect(try harness.get("/v1/blocks/?label=keep&after=\(third.id)").ids == [fourth.id])
    }

    @Test func list_Returns50ByDefault_AndEverythingWithLimitZero() throws {
        let harness = try BlocksHarness()
        var ids: [String] = []
        for index in 0..<55 { ids.append(try harness.storeBlock(createdAt: Int64(index + 1)).id) }
        #expect(try harness.get("/v1/blocks/").ids == Array(ids[0..<50]))
        #expect(try harness.get("/v1/blocks/?limit=0").ids == ids)
        #expect(try harness.get("/v1/blocks/?limit=0&order=desc").ids == ids.reversed())
        #expect(try harness.get("/v1/blocks/?limit=3&order=desc").ids == [ids[54], ids[53], ids[52]])
    }
}
