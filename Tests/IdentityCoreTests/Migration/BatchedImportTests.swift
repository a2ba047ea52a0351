import Testing
@testable import IdentityCore
@testable import IdentityMigration
import IdentityTestSupport

/// `identity-server import` writing in batches (`BatchedWrites`), on the selected backend: more
/// objects than one SQLite group (64), a conflicting object in the middle of a batch skipped
/// alone while the rest of its batch is stored, a second run writing nothing.
@Suite struct BatchedImportTests {
    let org = Actor.defaultOrganizationID

    func dump(blocks: Int, identities: Int, agents: Int) -> (bytes: [UInt8], identityIDs: [String], agentIDs: [String]) {
        var lines = [DumpFormat.header(organizationID: org)]
        var blockIDs: [String] = []
        for index in 0..<blocks {
            let block = Block(
                organizationID: org, label: "b\(index)", value: "value \(index)",
                createdAt: Timestamp(microseconds: 1_700_000_000_000_000 + Int64(index)))
            blockIDs.append(block.id)
            lines.append(DumpFormat.line(block))
        }
        var identityIDs: [String] = []
        for index in 0..<identities {
            let identity = Identity(
                identifierKey: "user_\(index)", name: "n\(index)", identityType: .user, organizationID: org,
                blockIDs: [blockIDs[index % blocks]], createdAt: Timestamp(microseconds: 1_700_000_000_100_000 + Int64(index)))
            identityIDs.append(identity.id)
            lines.append(DumpFormat.line(identity))
        }
        var agentIDs: [String] = []
        for index in 0..<agents {
            var agent = Agent(
                organizationID: org, name: "a\(index)", agentType: "letta_v1_agent", system: "s", llmConfig: ["model": "m"],
                createdAt: Timestamp(microseconds: 1_700_000_000_200_000 + Int64(index)))
            agent.updatedAt = agent.createdAt
            agent.identityIDs = [identityIDs[index % identities]]
            agent.blockIDs = [blockIDs[(index * 7) % blocks], blockIDs[(index * 7 + 3) % blocks]]
            agent.toolsJSON = Array(#"[{"id":"tool-00000000-0000-4000-8000-00000000000\#(index % 10)","name":"t"}]"#.utf8)
            agentIDs.append(agent.id)
            lines.append(DumpFormat.line(agent, parts: #"{"agent":{"name":"a\#(index)"},"messages":[]}"#))
        }
        return (lines.flatMap { $0 + [UInt8(ascii: "\n")] }, identityIDs, agentIDs)
    }

    @Test func aConflictInTheMiddleOfABatch_SkipsOnlyItsObjects_AndARerunWritesNothing() throws {
        let store = try makeTestStore()
        let (bytes, identityIDs, agentIDs) = dump(blocks: 150, identities: 140, agents: 90)
        // user_70 belongs to another identity in the target: that identity and the agents linking it are skipped.
        let squatter = try store.createIdentity(
            Identity(identifierKey: "user_70", name: "someone else", identityType: .org, organizationID: org))
        let report = try ImportCommand.run(bytes, store: store, tenants: store, targetOrganizationID: nil, dryRun: false)
        let linked = agentIDs.indices.filter { $0 % 140 == 70 }.count
        #expect(report.tallies[.block] == MigrationReport.Tally(source: 150, created: 150, updated: 0, unchanged: 0, skipped: 0))
        #expect(report.tallies[.identity] == MigrationReport.Tally(source: 140, created: 139, updated: 0, unchanged: 0, skipped: 1))
        #expect(report.tallies[.agent]?.skipped == linked)
        #expect(report.tallies[.agent]?.created == 90 - linked)
        #expect(report.skipped.first == "identity \(identityIDs[70]): identifier_key 'user_70' belongs to \(squatter.id) in the target")
        #expect(try store.countBlocks(BlockFilter(isTemplate: nil, includeHidden: true), organizationID: org) == 150)
        #expect(try store.countIdentities(organizationID: org) == 140)
        #expect(try store.identity(id: identityIDs[71], organizationID: org)?.blockIDs.count == 1)
        let files = try #require(store as? any AgentFileStore)
        #expect(try files.agentFileParts(agentIDs: agentIDs, organizationID: org).count == 90 - linked)
        #expect(try store.agent(id: agentIDs[89], organizationID: org)?.toolsJSON != nil)

        let again = try ImportCommand.run(bytes, store: store, tenants: store, targetOrganizationID: nil, dryRun: false)
        #expect(again.tallies[.block]?.unchanged == 150)
        #expect(again.tallies[.identity]?.unchanged == 139)
        #expect(again.tallies[.agent]?.unchanged == 90 - linked)
        #expect(again.skipped.count == 1 + linked)
    }
}
