import Testing

@testable import IdentityCore
@testable import IdentitySQLite
@testable import IdentityPostgres
import IdentityTestSupport

/// The same random operations and queries, applied to a `SQLiteStore` and a `PostgresStore`, give the same
/// results — values, order, errors — so a client cannot tell which backend answers. Seeded, so a mismatch
/// reproduces; each mismatch is reported with the call and both answers.
@Suite("PostgresStore parity with SQLiteStore", .enabled(if: PostgresTestEnvironment.isAvailable))
struct PostgresStoreParityTests {
    @Test(arguments: [1, 2, 3, 4] as [UInt64])
    func randomOperationsAndQueries_GiveIdenticalResults_OnBothBackends(seed: UInt64) throws {
        var twin = try StoreTwin()
        var scenario = ParityScenario(generator: SeededGenerator(seed: seed))
        for _ in 0..<260 { scenario.operate(&twin) }
        for _ in 0..<500 { scenario.query(&twin) }
        #expect(twin.comparisons > 700)
        #expect(twin.mismatches.isEmpty, "\(twin.mismatches.count) mismatches, first: \(twin.mismatches.prefix(3))")
    }
}

/// Runs each call on both stores and records where they differ.
struct StoreTwin {
    let sqlite: SQLiteStore
    let postgres: PostgresStore
    private(set) var mismatches: [String] = []
    private(set) var comparisons = 0

    init() throws {
        sqlite = try StoreFixture.store()
        postgres = try PostgresFixture.store()
    }

    /// The SQLite result (nil when it threw), after comparing it with PostgreSQL's.
    @discardableResult
    mutating func same<T: Equatable>(_ label: @autoclosure () -> String, _ body: (any IdentityStore) throws -> T) -> T? {
        comparisons += 1
        let expected = Result { try body(sqlite) }
        let actual = Result { try body(postgres) }
        switch (expected, actual) {
        case (.success(let left), .success(let right)) where left == right:
            return left
        case (.failure(let left as StoreError), .failure(let right as StoreError)) where left == right:
            return nil
        default:
            mismatches.append("\(label()): SQLite \(expected) vs PostgreSQL \(actual)")
            return try? expected.get()
        }
    }
}

/// Random data with many collisions: few keys, labels, tags and timestamps, so uniqueness, ties,
/// cursors and filters are all exercised.
struct ParityScenario {
    var generator: SeededGenerator
    var identityIDs: [String] = []
    var agentIDs: [String] = []
    var blockIDs: [String] = []

    let org = StoreFixture.org
    let otherOrg = StoreFixture.otherOrg
    let keys = ["u1", "u2", "u3", "u4", "U1", "ü5", "k_%"]
    let projects: [String?] = [nil, "", "p1", "p2"]
    let names = ["Alice", "alice smith", "ÉMILE", "émile", "Bob_%", "x", "ALI"]
    let labels: [String?] = ["human", "persona", "notes", "a_b", "Lab%", "ÄLabel", nil]
    let tags = ["a", "A", "b", "é", "%", "_", "tag one", "z"]
    let searches = ["a", "ALI", "émile", "É", "%", "_", "x", "LAB", "ä", "one"]

    mutating func chance(_ probability: Double) -> Bool { Double.random(in: 0..<1, using: &generator) < probability }
    mutating func pick<T>(_ values: [T]) -> T { values[Int.random(in: 0..<values.count, using: &generator)] }
    mutating func subset<T>(_ values: [T], max: Int) -> [T] {
        guard !values.isEmpty else { return [] }
        return (0..<Int.random(in: 0...max, using: &generator)).map { _ in pick(values) }
    }
    mutating func time() -> Timestamp { Timestamp(microseconds: 1_000 + Int64.random(in: 0..<15, using: &generator)) }
    mutating func someOrg() -> String { chance(0.15) ? otherOrg : org }

    /// An id to address or link: mostly known ones, sometimes unknown.
    mutating func id(_ known: [String], _ kind: ObjectKind) -> String {
        known.isEmpty || chance(0.1) ? ObjectID.generate(kind) : pick(known)
    }

    mutating func links(_ known: [String], _ kind: ObjectKind) -> [String] {
        var ids = subset(known, max: 3)
        if chance(0.05) { ids.append(ObjectID.generate(kind)) }
        return ids
    }

    // MARK: Operations

    mutating func operate(_ twin: inout StoreTwin) {
        switch Int.random(in: 0..<12, using: &generator) {
        case 0, 1: createIdentity(&twin)
        case 2: upsertIdentity(&twin)
        case 3: updateIdentity(&twin)
        case 4, 5: createBlock(&twin)
        case 6: updateBlock(&twin)
        case 7, 8: createAgent(&twin)
        case 9: updateAgent(&twin)
        default: delete(&twin)
        }
    }

    mutating func makeIdentity() -> Identity {
        let properties = subset([
            IdentityProperty(key: "age", value: .int(3), type: .number),
            IdentityProperty(key: "ratio", value: .double(2.5), type: .number),
            IdentityProperty(key: "tz", value: "Europe/Paris", type: .string),
        ], max: 2)
        return Identity(
            identifierKey: pick(keys), name: pick(names), identityType: pick(IdentityType.allCases), projectID: pick(projects),
            organizationID: someOrg(), properties: properties, agentIDs: links(agentIDs, .agent),
            blockIDs: links(blockIDs, .block), createdAt: time())
    }

    mutating func createIdentity(_ twin: inout StoreTwin) {
        let identity = makeIdentity()
        if twin.same("createIdentity \(identity)", { try $0.createIdentity(identity) }) != nil { identityIDs.append(identity.id) }
    }

    mutating func upsertIdentity(_ twin: inout StoreTwin) {
        let made = makeIdentity()
        let name = pick(names)
        let agents = links(agentIDs, .agent)
        if let stored = twin.same("upsertIdentity \(made)", {
            try $0.upsertIdentity(
                identifierKey: made.identifierKey, projectID: made.projectID, organizationID: made.organizationID,
                make: { made }, mutate: { $0.name = name; $0.agentIDs = agents })
        }), stored.id == made.id {
            identityIDs.append(made.id)
        }
    }

    mutating func updateIdentity(_ twin: inout StoreTwin) {
        let id = id(identityIDs, .identity)
        let key = chance(0.3) ? pick(keys) : nil
        let project = chance(0.2) ? pick(projects) : nil
        let agents = chance(0.5) ? links(agentIDs, .agent) : nil
        let blocks = chance(0.5) ? links(blockIDs, .block) : nil
        let name = pick(names)
        let organization = someOrg()
        twin.same("updateIdentity \(id)") {
            try $0.updateIdentity(id: id, organizationID: organization) { identity in
                identity.name = name
                if let key { identity.identifierKey = key }
                if let project { identity.projectID = project }
                if let agents { identity.agentIDs += agents }
                if let blocks { identity.blockIDs = blocks }
            }
        }
    }

    mutating func makeBlock(org organization: String) -> Block {
        Block(
            organizationID: organization, label: pick(labels), value: pick(["", "Hello World", "value ä %", "x_y"]),
            limit: pick([100, 5_000]), description: pick([nil, "Desc A", "desc b", "É"]), metadata: chance(0.3) ? ["k": 1] : [:],
            tags: subset(tags, max: 3), projectID: pick([nil, "p1"]), templateName: pick([nil, "t1", "t2"]),
            isTemplate: chance(0.2), hidden: pick([nil, true, false]), createdByID: pick([nil, "user-1"]), createdAt: time())
    }

    mutating func createBlock(_ twin: inout StoreTwin) {
        let block = makeBlock(org: someOrg())
        if twin.same("createBlock \(block)", { try $0.createBlock(block) }) != nil { blockIDs.append(block.id) }
    }

    mutating func updateBlock(_ twin: inout StoreTwin) {
        let id = id(blockIDs, .block)
        let label = chance(0.5) ? pick(labels) : nil
        let newTags = chance(0.5) ? subset(tags, max: 3) : nil
        let hidden = pick([nil, true, false] as [Bool?])
        let organization = someOrg()
        twin.same("updateBlock \(id)") {
            try $0.updateBlock(id: id, organizationID: organization) { block in
                if let label { block.label = label }
                if let newTags { block.tags = newTags }
                block.hidden = hidden
                block.value += "!"
            }
        }
    }

    mutating func createAgent(_ twin: inout StoreTwin) {
        let organization = someOrg()
        var agent = Agent(
            organizationID: organization, name: pick(["Agent A", "agent b", "Ünïcode", "x_y", "ALIce"]),
            agentType: "letta_v1_agent", system: "sys", llmConfig: ["model": "m", "context_window": 8_000], createdAt: time())
        agent.updatedAt = time()
        agent.tags = subset(tags, max: 3)
        agent.identityIDs = links(identityIDs, .identity)
        let newBlocks = (0..<Int.random(in: 0...2, using: &generator)).map { _ in makeBlock(org: organization) }
        agent.blockIDs = links(blockIDs, .block) + newBlocks.map(\.id)
        agent.hidden = pick([nil, true, false])
        agent.projectID = pick([nil, "p1"])
        agent.templateID = pick([nil, "tpl"])
        agent.baseTemplateID = pick([nil, "base"])
        agent.lastStopReason = pick([nil, "end_turn"])
        agent.createdByID = pick([nil, "user-1"])
        agent.lastRunCompletion = chance(0.5) ? Timestamp(microseconds: 500 + Int64.random(in: 0..<5, using: &generator)) : nil
        if twin.same("createAgent \(agent.id)", { try $0.createAgent(agent, newBlocks: newBlocks) }) != nil {
            agentIDs.append(agent.id)
            blockIDs += newBlocks.map(\.id)
        }
    }

    mutating func updateAgent(_ twin: inout StoreTwin) {
        let id = id(agentIDs, .agent)
        let newTags = chance(0.5) ? subset(tags, max: 3) : nil
        let identities = chance(0.5) ? links(identityIDs, .identity) : nil
        let blocks = chance(0.5) ? links(blockIDs, .block) : nil
        let updatedAt = time()
        let lastRun: Timestamp? = chance(0.5) ? Timestamp(microseconds: 500 + Int64.random(in: 0..<5, using: &generator)) : nil
        let organization = someOrg()
        twin.same("updateAgent \(id)") {
            try $0.updateAgent(id: id, organizationID: organization) { agent in
                if let newTags { agent.tags = newTags }
                if let identities { agent.identityIDs = identities }
                if let blocks { agent.blockIDs = blocks }
                agent.updatedAt = updatedAt
                agent.lastRunCompletion = lastRun
            }
        }
    }

    mutating func delete(_ twin: inout StoreTwin) {
        let organization = someOrg()
        switch Int.random(in: 0..<3, using: &generator) {
        case 0:
            let id = id(identityIDs, .identity)
            twin.same("deleteIdentity \(id)") { try $0.deleteIdentity(id: id, organizationID: organization) }
        case 1:
            let id = id(agentIDs, .agent)
            twin.same("deleteAgent \(id)") { try $0.deleteAgent(id: id, organizationID: organization) }
        default:
            let id = id(blockIDs, .block)
            twin.same("deleteBlock \(id)") { try $0.deleteBlock(id: id, organizationID: organization) }
        }
    }

    // MARK: Queries

    mutating func page(_ known: [String], _ kind: ObjectKind) -> PageRequest {
        PageRequest(
            before: chance(0.3) ? id(known, kind) : nil, after: chance(0.3) ? id(known, kind) : nil,
            limit: pick([nil, 0, 1, 2, 3, 5, 50]), order: chance(0.5) ? .ascending : .descending)
    }

    mutating func query(_ twin: inout StoreTwin) {
        let organization = chance(0.8) ? org : otherOrg
        let cursors: CursorPolicy = chance(0.5) ? .strict : .lenient
        switch Int.random(in: 0..<9, using: &generator) {
        case 0:
            let filter = IdentityFilter(
                name: chance(0.3) ? pick(searches) : nil, identifierKey: chance(0.3) ? pick(keys) : nil,
                identityType: chance(0.2) ? pick(IdentityType.allCases) : nil, projectID: chance(0.2) ? pick(projects) ?? "p1" : nil)
            let page = page(identityIDs, .identity)
            twin.same("listIdentities \(filter) \(page)") { try $0.listIdentities(filter, page: page, organizationID: organization) }
        case 1:
            let filter = agentFilter()
            let sort = pick([AgentSortField.createdAt, .updatedAt, .lastRunCompletion])
            let page = page(agentIDs, .agent)
            twin.same("listAgents \(filter) \(sort) \(page) \(cursors)") {
                try $0.listAgents(filter, sortBy: sort, page: page, cursors: cursors, organizationID: organization)
            }
        case 2:
            let filter = agentFilter()
            twin.same("countAgents \(filter)") { try $0.countAgents(filter, organizationID: organization) }
        case 3:
            let filter = blockFilter()
            let page = page(blockIDs, .block)
            twin.same("listBlocks \(filter) \(page) \(cursors)") {
                try $0.listBlocks(filter, page: page, cursors: cursors, organizationID: organization)
            }
        case 4:
            let filter = blockFilter()
            twin.same("countBlocks \(filter)") { try $0.countBlocks(filter, organizationID: organization) }
        case 5:
            let contains = chance(0.4) ? pick(searches) : nil
            let page = PageRequest(
                before: chance(0.3) ? pick(tags) : nil, after: chance(0.3) ? pick(tags) : nil,
                limit: pick([nil, 0, 1, 3, 50]), order: chance(0.5) ? .ascending : .descending)
            twin.same("listTags \(String(describing: contains)) \(page)") {
                try $0.listTags(nameContains: contains, page: page, organizationID: organization)
            }
        case 6:
            let id = id(identityIDs, .identity)
            let key = pick(keys)
            let project = pick(projects)
            twin.same("identity \(id)") { try $0.identity(id: id, organizationID: organization) }
            twin.same("identity \(key) \(String(describing: project))") {
                try $0.identity(identifierKey: key, projectID: project, organizationID: organization)
            }
            twin.same("countIdentities") { try $0.countIdentities(organizationID: organization) }
        case 7:
            let id = id(agentIDs, .agent)
            twin.same("agent \(id)") { try $0.agent(id: id, organizationID: organization) }
        default:
            let id = id(blockIDs, .block)
            twin.same("block \(id)") { try $0.block(id: id, organizationID: organization) }
        }
    }

    mutating func agentFilter() -> AgentFilter {
        AgentFilter(
            name: chance(0.1) ? pick(["Agent A", "agent b"]) : nil, tags: chance(0.3) ? subset(tags, max: 2) : [],
            matchAllTags: chance(0.5), queryText: chance(0.2) ? pick(searches) : nil, projectID: chance(0.1) ? "p1" : nil,
            templateID: chance(0.1) ? "tpl" : nil, baseTemplateID: chance(0.1) ? "base" : nil,
            identityID: chance(0.15) ? id(identityIDs, .identity) : nil,
            identifierKeys: chance(0.25) ? subset(keys, max: 2) : [], lastStopReason: chance(0.1) ? "end_turn" : nil,
            createdByID: chance(0.1) ? "user-1" : nil, includeHidden: chance(0.5),
            blockID: chance(0.1) ? id(blockIDs, .block) : nil)
    }

    mutating func blockFilter() -> BlockFilter {
        BlockFilter(
            label: chance(0.15) ? pick(labels) ?? "human" : nil, labelSearch: chance(0.2) ? pick(searches) : nil,
            isTemplate: pick([nil, true, false, false]), templateName: chance(0.1) ? "t1" : nil,
            identityID: chance(0.1) ? id(identityIDs, .identity) : nil, identifierKeys: chance(0.15) ? subset(keys, max: 2) : [],
            projectID: chance(0.1) ? "p1" : nil, tags: chance(0.25) ? subset(tags, max: 2) : [], matchAllTags: chance(0.5),
            descriptionSearch: chance(0.15) ? pick(searches) : nil, valueSearch: chance(0.15) ? pick(searches) : nil,
            connectedToAgentsCountGreaterThan: chance(0.1) ? pick([0, 1]) : nil,
            connectedToAgentsCountLessThan: chance(0.1) ? pick([1, 2]) : nil,
            connectedToAgentsCountIn: chance(0.1) ? subset([0, 1, 2], max: 2) : [], includeHidden: chance(0.5))
    }
}
