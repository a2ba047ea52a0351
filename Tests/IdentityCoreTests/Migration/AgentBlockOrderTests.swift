import Testing
@testable import IdentityCore
import IdentityTestSupport

/// The order of an agent's blocks through migrations, on the selected backend.
///
/// Letta 0.16.8 gives an agent's blocks in no defined order (a join without `ORDER BY`: a page of
/// 100 agents and a page of 50 can show the same agent's blocks in two orders), so a record read
/// from Letta (`linkOrderKnown == false`) with the same blocks in another order is not a change.
/// A dump's order is this server's attachment order and must survive export → import exactly.
@Suite struct AgentBlockOrderTests {
    let org = Actor.defaultOrganizationID

    /// Blocks whose ids, labels and creation times all sort differently from the attachment order.
    func blocks() -> [Block] {
        ["persona", "human", "notes", "zeta"].enumerated().map { index, label in
            Block(
                id: ObjectID.generate(.block), organizationID: org, label: label, value: "v\(index)",
                createdAt: Timestamp(microseconds: 1_700_000_000_000_000 + Int64(10 - index)))
        }
    }

    func agent(blocks: [String], linkOrderKnown: Bool) -> SourceRecord<Agent> {
        var agent = Agent(
            organizationID: org, name: "ordered", agentType: "letta_v1_agent", system: "s",
            llmConfig: ["model": "gpt-4o-mini", "context_window": 128000],
            createdAt: Timestamp(microseconds: 1_600_000_000_000_000))
        agent.updatedAt = agent.createdAt
        agent.blockIDs = blocks
        return SourceRecord(object: agent, createdAtKnown: true, linkOrderKnown: linkOrderKnown)
    }

    @Test func lettaRecords_WithTheSameBlocksInAnotherOrder_AreUnchanged_AndKeepTheFirstOrder() throws {
        let store = try makeTestStore()
        let importer = ObjectImporter(store: store, organizationID: org)
        let made = blocks()
        for block in made { #expect(try importer.put(SourceRecord(object: block, createdAtKnown: true)) == .created) }
        let ids = made.map(\.id)
        let first = [ids[2], ids[0], ids[3]]
        var record = agent(blocks: first, linkOrderKnown: false)
        #expect(try importer.put(record) == .created)
        #expect(try store.agent(id: record.object.id, organizationID: org)?.blockIDs == first)

        // The next read of Letta shows the same blocks in another order (another plan).
        record.object.blockIDs = [ids[3], ids[2], ids[0]]
        #expect(try importer.put(record) == .unchanged)
        let checker = ObjectImporter(store: store, organizationID: org, dryRun: true)
        #expect(try checker.put(record) == .unchanged)
        #expect(try store.agent(id: record.object.id, organizationID: org)?.blockIDs == first)

        // A changed set is a change: kept blocks stay in place, the new one comes last.
        record.object.blockIDs = [ids[1], ids[3], ids[2]]
        #expect(try importer.put(record) == .updated)
        #expect(try store.agent(id: record.object.id, organizationID: org)?.blockIDs == [ids[2], ids[3], ids[1]])
        #expect(try importer.put(record) == .unchanged)

        // Records whose order is known (dumps) still compare in order.
        var known = record
        known.linkOrderKnown = true
        known.object.blockIDs = [ids[2], ids[3], ids[1]]
        #expect(try checker.put(known) == .unchanged)
        known.object.blockIDs = [ids[3], ids[2], ids[1]]
        #expect(try checker.put(known) == .updated)
    }

    @Test func dumpExportImportExport_KeepsEveryAgentsAttachmentOrder() throws {
        let source = try makeTestStore()
        let target = try makeTestStore()
        let made = blocks()
        for block in made { _ = try source.createBlock(block) }
        let ids = made.map(\.id)
        let orders = [[ids[3], ids[1], ids[0], ids[2]], [ids[0], ids[3]], [ids[2], ids[1], ids[3]], [ids[1], ids[0], ids[2], ids[3]]]
        var agentIDs: [String] = []
        for (index, order) in orders.enumerated() {
            var record = agent(blocks: order, linkOrderKnown: true)
            record.object.createdAt = Timestamp(microseconds: 1_600_000_000_000_000 + Int64(index))
            agentIDs.append(try source.createAgent(record.object, newBlocks: []).id)
        }
        // Attach a block later to one agent: it goes last, whatever its id or creation time.
        _ = try source.updateAgent(id: agentIDs[1], organizationID: org) { $0.blockIDs.append(ids[1]) }

        func dump(_ store: any IdentityStore) throws -> [[UInt8]] {
            let all = PageRequest(after: nil, limit: 100, order: .ascending)
            let blockLines = try store.listBlocks(
                BlockFilter(isTemplate: nil, includeHidden: true), page: all, cursors: .strict, organizationID: org
            ).map(DumpFormat.line)
            let agentLines = try store.listAgents(
                AgentFilter(includeHidden: true), sortBy: .createdAt, page: all, cursors: .strict, organizationID: org
            ).map { DumpFormat.line($0) }
            return blockLines + agentLines
        }
        let first = try dump(source)
        let importer = ObjectImporter(store: target, organizationID: org)
        for line in first {
            let json = try JSONParser.parse(line)
            let outcome =
                json["kind"]?.stringValue == "block"
                ? try importer.put(RecordDecoding.block(json, organizationID: org, fallbackCreatedAt: .now()))
                : try importer.put(RecordDecoding.agent(json, organizationID: org))
            #expect(outcome == .created)
        }
        #expect(try dump(target) == first)
        let expected = [orders[0], orders[1] + [ids[1]], orders[2], orders[3]]
        for (id, order) in zip(agentIDs, expected) {
            #expect(try target.agent(id: id, organizationID: org)?.blockIDs == order)
            #expect(try target.agent(id: id, organizationID: org)?.blocks.map(\.id) == order)
        }
        let listed = try target.listAgents(
            AgentFilter(includeHidden: true), sortBy: .createdAt, page: PageRequest(after: nil, limit: 2, order: .descending),
            cursors: .strict, organizationID: org)
        #expect(listed.map(\.blockIDs) == [expected[3], expected[2]])
    }
}
