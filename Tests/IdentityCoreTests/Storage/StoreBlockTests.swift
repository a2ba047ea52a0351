import Testing

@testable import IdentityCore
@testable import IdentitySQLite
import IdentityTestSupport

/// Runs on the backend `IDENTITY_TEST_BACKEND` selects (SQLite by default; CI runs it on both).
@Suite("Store blocks")
struct StoreBlockTests {
    typealias F = StoreFixture
    let org = StoreFixture.org

    @Test func createBlock_RoundTripsEveryField_AndCollapsesDuplicateTags() throws {
        let store = try F.anyStore()
        let block = Block(
            organizationID: org, label: "human", value: "line 1\nline 2 ✓", limit: 5000, description: "about",
            metadata: ["k": [1, 2.5, nil], "nested": ["x": true]], tags: ["b", "a", "b"], projectID: "p",
            templateName: "tmpl", isTemplate: true, templateID: "t", baseTemplateID: "bt", deploymentID: "d",
            entityID: "e", preserveOnMigration: nil, readOnly: true, hidden: false, createdByID: "user-1",
            lastUpdatedByID: "user-2", createdAt: Timestamp(microseconds: 1_234_567))
        let created = try store.createBlock(block)
        var expected = block
        expected.tags = ["b", "a"]
        #expect(created == expected)
        #expect(try store.block(id: block.id, organizationID: org) == expected)
        #expect(try store.block(id: block.id, organizationID: F.otherOrg) == nil)
    }

    @Test func updateBlock_StoresMutation_ReplacingTags() throws {
        let store = try F.anyStore()
        let created = try store.createBlock(F.block("human", value: "v1", tags: ["x", "y"]))
        let updated = try store.updateBlock(id: created.id, organizationID: org) {
            $0.value = "v2"
            $0.description = "d"
            $0.metadata = ["a": 1]
            $0.tags = ["z", "x"]
            $0.lastUpdatedByID = "user-9"
        }
        #expect(updated.tags == ["x", "z"])
        #expect(updated.value == "v2" && updated.description == "d" && updated.metadata == ["a": 1])
        #expect(try store.block(id: created.id, organizationID: org) == updated)
        #expect(throws: StoreError.notFound(kind: .block, id: created.id)) {
            try store.updateBlock(id: created.id, organizationID: F.otherOrg) { $0.value = "x" }
        }
    }

    /// Blocks with distinct filter values; `names` lists labels in creation order.
    @Test func listBlocks_AppliesEachFilterAloneAndCombined() throws {
        let store = try F.anyStore()
        func make(
            _ label: String, at: Int64, value: String = "", tags: [String] = [],
            _ edit: (inout Block) -> Void = { _ in }
        )
            throws -> Block
        {
            var block = F.block(label, value: value, at: at, tags: tags)
            edit(&block)
            return try store.createBlock(block)
        }
        let human = try make("human", at: 1, value: "Likes TEA", tags: ["a"]) { $0.description = "The Human" }
        let persona = try make("persona", at: 2, value: "helpful", tags: ["a", "b"]) { $0.projectID = "p" }
        let template = try make("human", at: 3, tags: ["b"]) {
            $0.isTemplate = true
            $0.templateName = "tmpl"
        }
        let hidden = try make("notes", at: 4, value: "tea time", tags: ["a"]) { $0.hidden = true }
        let loose = try make("scratch_pad", at: 5) { $0.description = "50% done" }
        _ = try store.createBlock(F.block("human", org: F.otherOrg, tags: ["a"]))
        let a1 = try store.createAgent(F.agent("a1", blocks: [human.id, persona.id]), newBlocks: [])
        _ = try store.createAgent(F.agent("a2", blocks: [persona.id, hidden.id]), newBlocks: [])
        _ = a1
        let user = try store.createIdentity(F.identity("user_1", blocks: [persona.id, template.id]))
        _ = try store.createIdentity(F.identity("user_1", project: "p", blocks: [loose.id]))

        func names(_ filter: BlockFilter, sourceLocation: SourceLocation = #_sourceLocation) throws -> [String] {
            let blocks = try store.listBlocks(filter, page: F.page(.ascending), cursors: .lenient, organizationID: org)
            #expect(try store.countBlocks(filter, organizationID: org) == blocks.count, sourceLocation: sourceLocation)
            return blocks.map { "\($0.label ?? "-")@\($0.createdAt.microseconds)" }
        }
        #expect(try names(BlockFilter()) == ["human@1", "persona@2", "scratch_pad@5"])
        #expect(
            try names(BlockFilter(isTemplate: nil, includeHidden: true))
                == ["human@1", "persona@2", "human@3", "notes@4", "scratch_pad@5"])
        #expect(try names(BlockFilter(isTemplate: true)) == ["human@3"])
        #expect(try names(BlockFilter(label: "human", isTemplate: nil)) == ["human@1", "human@3"])
        #expect(try names(BlockFilter(label: "human", labelSearch: "pers")) == ["human@1"])
        #expect(try names(BlockFilter(labelSearch: "PERS")) == ["persona@2"])
        #expect(try names(BlockFilter(labelSearch: "_")) == ["scratch_pad@5"])
        #expect(try names(BlockFilter(isTemplate: nil, templateName: "tmpl")) == ["human@3"])
        #expect(try names(BlockFilter(isTemplate: nil, identityID: user.id)) == ["persona@2", "human@3"])
        #expect(try names(BlockFilter(identifierKeys: ["user_1"])) == ["persona@2", "scratch_pad@5"])
        #expect(try names(BlockFilter(projectID: "p")) == ["persona@2"])
        #expect(try names(BlockFilter(tags: ["a"])) == ["human@1", "persona@2"])
        #expect(try names(BlockFilter(tags: ["a", "b"], matchAllTags: true, includeHidden: true)) == ["persona@2"])
        #expect(try names(BlockFilter(isTemplate: nil, tags: ["b"])) == ["persona@2", "human@3"])
        #expect(try names(BlockFilter(descriptionSearch: "human")) == ["human@1"])
        #expect(try names(BlockFilter(descriptionSearch: "%")) == ["scratch_pad@5"])
        #expect(try names(BlockFilter(valueSearch: "tea", includeHidden: true)) == ["human@1", "notes@4"])
        #expect(try names(BlockFilter(connectedToAgentsCountGreaterThan: 0)) == ["human@1", "persona@2"])
        #expect(try names(BlockFilter(connectedToAgentsCountGreaterThan: 1)) == ["persona@2"])
        #expect(try names(BlockFilter(connectedToAgentsCountLessThan: 1)) == ["scratch_pad@5"])
        #expect(try names(BlockFilter(connectedToAgentsCountIn: [0, 2])) == ["persona@2", "scratch_pad@5"])
        #expect(
            try names(BlockFilter(isTemplate: nil, connectedToAgentsCountIn: [0], includeHidden: true))
                == ["human@3", "scratch_pad@5"])
        #expect(
            try names(BlockFilter(labelSearch: "a", tags: ["a"], connectedToAgentsCountGreaterThan: 1)) == ["persona@2"]
        )
        #expect(try names(BlockFilter(identifierKeys: ["user_1"], projectID: "p", tags: ["b"])) == ["persona@2"])
        #expect(try names(BlockFilter(identityID: user.id, identifierKeys: ["nobody"])) == [])
    }

    @Test(arguments: [SortOrder.ascending, .descending])
    func listBlocks_PagesInCreationOrder_AcrossPageBoundaries(order: SortOrder) throws {
        let store = try F.anyStore()
        let times: [Int64] = [4, 1, 4, 2, 9, 4, 3, 8]
        let blocks = try times.enumerated().map { index, time in
            try store.createBlock(F.block("b\(index)", at: time, tags: ["t"]))
        }
        _ = try store.createBlock(F.block("foreign", org: F.otherOrg, at: 5))
        let expected = PaginationCheck.sorted(blocks, order, key: \.createdAt.microseconds, id: \.id)
        try PaginationCheck.verify(expected: expected, order: order, pageSize: 3) { page in
            try store.listBlocks(BlockFilter(), page: page, cursors: .lenient, organizationID: org).map(\.id)
        }
        try PaginationCheck.verify(expected: expected, order: order, pageSize: 3) { page in
            try store.listBlocks(BlockFilter(tags: ["t"]), page: page, cursors: .strict, organizationID: org).map(\.id)
        }
        let unknown = ObjectID.generate(.block)
        #expect(
            try store.listBlocks(
                BlockFilter(), page: F.page(order, after: unknown), cursors: .lenient, organizationID: org
            ).count
                == blocks.count)
        #expect(throws: StoreError.cursorNotFound(kind: .block, id: unknown)) {
            try store.listBlocks(
                BlockFilter(), page: F.page(order, before: unknown), cursors: .strict, organizationID: org)
        }
    }

    @Test func listBlocks_FillsTagsOfEveryBlock() throws {
        let store = try F.anyStore()
        let blocks = try (0..<3).map {
            try store.createBlock(F.block("b\($0)", at: Int64($0), tags: ["t\($0)", "shared"]))
        }
        let listed = try store.listBlocks(
            BlockFilter(), page: F.page(.ascending), cursors: .lenient, organizationID: org)
        #expect(listed == blocks)
        #expect(listed.map(\.tags) == [["t0", "shared"], ["t1", "shared"], ["t2", "shared"]])
    }
}
