import Testing
@testable import IdentityCore
import IdentityTestSupport

/// `ObjectImporter` on the selected backend: objects land under their own ids and timestamps,
/// reruns write nothing, changes are applied, conflicts and missing links are reported per object.
@Suite struct ObjectImporterTests {
    let org = Actor.defaultOrganizationID

    func block(_ id: String = ObjectID.generate(.block), label: String = "human", at micros: Int64 = 1_700_000_000_000_001)
        -> SourceRecord<Block>
    {
        SourceRecord(
            object: Block(
                id: id, organizationID: org, label: label, value: "likes tea", metadata: ["n": 1], tags: ["b", "a"],
                createdAt: Timestamp(microseconds: micros)),
            createdAtKnown: true)
    }

    func identity(key: String = "user_1", blocks: [String] = []) -> SourceRecord<Identity> {
        SourceRecord(
            object: Identity(
                identifierKey: key, name: "Caren", identityType: .user, organizationID: org,
                properties: [IdentityProperty(key: "age", value: .double(28.5), type: .number)], blockIDs: blocks,
                createdAt: Timestamp(microseconds: 1_700_000_000_000_002)),
            createdAtKnown: true)
    }

    func agent(identities: [String], blocks: [String]) -> SourceRecord<Agent> {
        var agent = Agent(
            organizationID: org, name: "support", agentType: "letta_v1_agent", system: "be kind",
            llmConfig: ["model": "gpt-4o-mini", "handle": "openai/gpt-4o-mini", "context_window": 128000, "temperature": 1.0],
            createdAt: Timestamp(microseconds: 1_600_000_000_000_000))
        agent.updatedAt = Timestamp(microseconds: 1_650_000_000_000_000)
        agent.createdByID = "user-00000000-0000-4000-8000-000000000000"
        agent.lastUpdatedByID = "user-00000000-0000-4000-8000-000000000000"
        agent.tags = ["vip", "beta"]
        agent.identityIDs = identities
        agent.blockIDs = blocks
        agent.messageIDs = [ObjectID.generate(.message)]
        agent.hidden = true
        return SourceRecord(object: agent, createdAtKnown: true)
    }

    @Test func objects_KeepIdsTimestampsAndLinks_AndARerunWritesNothing() throws {
        let store = try makeTestStore()
        let importer = ObjectImporter(store: store, organizationID: org)
        let b = block()
        let i = identity(blocks: [b.object.id])
        let a = agent(identities: [i.object.id], blocks: [b.object.id])
        #expect(try importer.put(b) == .created)
        #expect(try importer.put(i) == .created)
        #expect(try importer.put(a) == .created)

        let storedAgent = try #require(try store.agent(id: a.object.id, organizationID: org))
        #expect(storedAgent.createdAt == a.object.createdAt && storedAgent.updatedAt == a.object.updatedAt)
        #expect(storedAgent.createdByID == "user-00000000-0000-4000-8000-000000000000")
        #expect(storedAgent.identityIDs == [i.object.id] && storedAgent.blockIDs == [b.object.id])
        #expect(storedAgent.hidden == true)
        let storedIdentity = try #require(try store.identity(id: i.object.id, organizationID: org))
        #expect(storedIdentity.agentIDs == [a.object.id] && storedIdentity.blockIDs == [b.object.id])
        #expect(storedIdentity.createdAt == i.object.createdAt)
        #expect(try store.block(id: b.object.id, organizationID: org)?.createdAt == b.object.createdAt)

        #expect(try importer.put(b) == .unchanged)
        #expect(try importer.put(i) == .unchanged)
        #expect(try importer.put(a) == .unchanged)
    }

    @Test func changedObjects_AreUpdated_AndUnknownCreationTimesKeepTheStoredOnes() throws {
        let store = try makeTestStore()
        let importer = ObjectImporter(store: store, organizationID: org)
        var b = block()
        _ = try importer.put(b)
        b.object.value = "likes coffee"
        b.object.createdAt = Timestamp(microseconds: 5)
        b.createdAtKnown = false
        #expect(try importer.put(b) == .updated)
        let stored = try #require(try store.block(id: b.object.id, organizationID: org))
        #expect(stored.value == "likes coffee")
        #expect(stored.createdAt == Timestamp(microseconds: 1_700_000_000_000_001))
        #expect(try importer.put(b) == .unchanged)
    }

    @Test func aKeyOwnedByAnotherIdentity_IsSkipped_AndItsAgentsToo() throws {
        let store = try makeTestStore()
        let owner = try store.createIdentity(Identity(identifierKey: "user_1", name: "other", identityType: .org, organizationID: org))
        let importer = ObjectImporter(store: store, organizationID: org)
        let i = identity(key: "user_1")
        #expect(
            try importer.put(i)
                == .skipped(reason: "identifier_key 'user_1' belongs to \(owner.id) in the target"))
        #expect(try store.identity(id: owner.id, organizationID: org)?.name == "other")
        let outcome = try importer.put(agent(identities: [i.object.id], blocks: []))
        #expect(outcome == .skipped(reason: "links identity ids missing in the target: \(i.object.id)"))
        #expect(try store.countAgents(AgentFilter(includeHidden: true), organizationID: org) == 0)
    }

    @Test func aDryRun_ReportsWithoutWriting() throws {
        let store = try makeTestStore()
        let importer = ObjectImporter(store: store, organizationID: org, dryRun: true)
        #expect(try importer.put(block()) == .created)
        #expect(try importer.put(identity()) == .created)
        #expect(try store.countIdentities(organizationID: org) == 0)
        #expect(try store.countBlocks(BlockFilter(isTemplate: nil, includeHidden: true), organizationID: org) == 0)
    }

    @Test func dumpLines_DecodeToTheObjectsTheyWereWrittenFrom() throws {
        let b = block().object
        let i = identity(blocks: [b.id]).object
        var a = agent(identities: [i.id], blocks: [b.id]).object
        a.secrets = [(key: "TOKEN", value: "s3cret")]
        a.compactionSettings = ["mode": "sliding_window", "sliding_window_percentage": 0.3]
        func parse(_ line: [UInt8]) throws -> JSONValue { try JSONParser.parse(line) }
        #expect(try RecordDecoding.block(parse(DumpFormat.line(b)), organizationID: org, fallbackCreatedAt: .now()).object == b)
        #expect(try RecordDecoding.identity(parse(DumpFormat.line(i)), organizationID: org, fallbackCreatedAt: .now()).object == i)
        #expect(try RecordDecoding.agent(parse(DumpFormat.line(a)), organizationID: org).object == a)
        guard case .object(let kind, let organizationID, _) = try DumpReader.entry(DumpFormat.line(a), number: 4) else {
            Issue.record("an agent line is an object entry")
            return
        }
        #expect(kind == .agent && organizationID == org)
    }

    @Test func lettaAgentState_TakesBlockOrderFromNestedBlocks_AndIdentityBlocksFromTheirOwnList() throws {
        let json = try JSONParser.parse(
            #"{"id":"agent-00000000-0000-4000-8000-000000000000","name":"a","agent_type":"letta_v1_agent","system":"s","#
                + #""llm_config":{"model":"m"},"created_at":"2025-06-01T12:34:56.789012Z","updated_at":"2025-06-01T12:34:57Z","#
                + #""blocks":[{"id":"block-00000000-0000-4000-8000-000000000002"},{"id":"block-00000000-0000-4000-8000-000000000001"}],"#
                + #""tools":[{"id":"tool-x"}],"tags":["t"],"identity_ids":[],"metadata":null}"#)
        let agent = try RecordDecoding.agent(json, organizationID: org).object
        #expect(agent.blockIDs == ["block-00000000-0000-4000-8000-000000000002", "block-00000000-0000-4000-8000-000000000001"])
        #expect(agent.createdAt.iso8601 == "2025-06-01T12:34:56.789012Z")
        #expect(agent.timezone == nil && agent.metadata == .null)
    }

    @Test func malformedRecords_NameTheField() throws {
        let json = try JSONParser.parse(#"{"id":"identity-00000000-0000-4000-8000-000000000000","identifier_key":"k","name":"n","identity_type":"robot"}"#)
        #expect(throws: MalformedRecord.self) {
            try RecordDecoding.identity(json, organizationID: org, fallbackCreatedAt: .now())
        }
        do {
            _ = try RecordDecoding.identity(json, organizationID: org, fallbackCreatedAt: .now())
        } catch let error as MalformedRecord {
            #expect(error.description == #"identity identity-00000000-0000-4000-8000-000000000000: "identity_type" must be one of org, user, other"#)
        }
        #expect(throws: MalformedRecord.self) { try DumpReader.readHeader(Array(#"{"format":"identity-server-dump","version":3}"#.utf8)) }
        #expect(try DumpReader.readHeader(Array(#"{"format":"identity-server-dump","version":1,"organization_id":null}"#.utf8)) == nil)
        #expect(try DumpReader.readHeader(DumpFormat.header(organizationID: org)) == org)
    }

    @Test func apiKeys_RoundTripThroughTheDump_AndImportOnceWithRevocationsApplied() throws {
        let store = try makeTestStore()
        let digest = (0..<32).map { UInt8($0 * 7 % 256) }
        let key = APIKey(organizationID: org, name: "billing", secretDigest: digest, createdAt: Timestamp(microseconds: 1_000_001))
        guard case .apiKey(let decoded) = try DumpReader.entry(DumpFormat.line(key), number: 2) else {
            Issue.record("an api_key line is a key entry")
            return
        }
        #expect(decoded == key)
        #expect(try ObjectImporter.put(key, into: store, dryRun: false) == .created)
        #expect(try store.apiKey(secretDigest: digest) == key)
        #expect(try ObjectImporter.put(key, into: store, dryRun: false) == .unchanged)
        var revoked = key
        revoked.revokedAt = Timestamp(microseconds: 2_000_000)
        #expect(try ObjectImporter.put(revoked, into: store, dryRun: false) == .updated)
        #expect(try store.apiKey(id: key.id)?.revokedAt == Timestamp(microseconds: 2_000_000))
        let thief = APIKey(organizationID: org, name: "copy", secretDigest: digest)
        #expect(try ObjectImporter.put(thief, into: store, dryRun: false) == .skipped(reason: "its secret belongs to \(key.id) in the target"))
    }
}
