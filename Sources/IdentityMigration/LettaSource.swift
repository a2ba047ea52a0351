import IdentityCore

/// Everything the migration carries from one Letta organization, oldest first per kind.
public struct SourceSnapshot: Sendable {
    public var blocks: [SourceRecord<Block>] = []
    public var identities: [SourceRecord<Identity>] = []
    public var agents: [SourceRecord<Agent>] = []
    /// Identity↔block links read (`GET /v1/identities/{id}/blocks`).
    public var identityBlockLinks = 0
    /// Agent-file parts by agent id (messages and the rest of Letta's agent export): a value of
    /// nil means the agent has none; an agent not listed keeps what the target has (version 1 dumps).
    public var agentFileParts: [String: String?] = [:]
}

/// Reads a Letta server through its public REST API only: identities, blocks (templates and
/// hidden ones included) and agents (hidden ones included, with tags, identities and blocks in
/// attachment order), each list paged with `after` cursors in creation order, plus each
/// identity's blocks, with up to `concurrency` requests in flight.
///
/// Letta's API shows no creation time for identities and blocks: they get stand-in times
/// (`start` plus one microsecond per position) that keep Letta's order; see `SourceRecord`.
public struct LettaSource: Sendable {
    public let client: LettaClient
    public let concurrency: Int
    public let pageSize: Int
    /// A list longer than this many pages is treated as a broken source (a cursor that never ends).
    static let maximumPages = 1_000_000

    public init(client: LettaClient, concurrency: Int, pageSize: Int = 100) {
        self.client = client
        self.concurrency = max(1, concurrency)
        self.pageSize = pageSize
    }

    /// Checks the URL answers like Letta (`GET /v1/health/` and an authenticated count) and
    /// returns its version.
    public func checkServer() async throws -> String {
        let health: JSONValue
        do {
            health = try await client.get("/v1/health/")
        } catch let error as SourceError where !error.description.hasPrefix("cannot reach") {
            throw SourceError("\(client.baseURL) does not look like a Letta server: \(error)")
        }
        guard let version = health["version"]?.stringValue, health["status"]?.stringValue != nil else {
            throw SourceError("\(client.baseURL) does not look like a Letta server: GET /v1/health/ answered \(String(health.description.prefix(120)))")
        }
        guard case .int = try await client.get("/v1/identities/count") else {
            throw SourceError("\(client.baseURL): GET /v1/identities/count did not answer a number")
        }
        return version
    }

    /// The counts the source reports (identities, blocks of every kind, agents hidden included).
    public func counts() async throws -> ObjectCounts {
        async let identities = client.get("/v1/identities/count")
        async let blocks = client.get("/v1/blocks/count")
        async let agents = client.get("/v1/agents/count", [("show_hidden_agents", "true")])
        return ObjectCounts(
            identities: try await Self.count(identities, "/v1/identities/count"),
            blocks: try await Self.count(blocks, "/v1/blocks/count"),
            agents: try await Self.count(agents, "/v1/agents/count"))
    }

    private static func count(_ value: JSONValue, _ path: String) throws -> Int {
        guard let number = value.intValue, number >= 0 else { throw SourceError("GET \(path): malformed answer \(value)") }
        return Int(number)
    }

    /// Reads the whole organization. Decoding errors (a malformed page) stop the read.
    public func read(organizationID: String, start: Timestamp, progress: Progress) async throws -> SourceSnapshot {
        async let identityItems = list("/v1/identities/", [], kind: .identity, progress: progress)
        async let blockItems = list(
            "/v1/blocks/", [("templates_only", "false"), ("show_hidden_blocks", "true")], kind: .block, progress: progress)
        async let templateItems = list(
            "/v1/blocks/", [("templates_only", "true"), ("show_hidden_blocks", "true")], kind: .block, progress: progress)
        let include = ["agent.blocks", "agent.identities", "agent.tags", "agent.secrets", "agent.tools"].map { ("include", $0) }
        async let agentItems = list(
            "/v1/agents/", [("show_hidden_agents", "true")] + include, kind: .agent, progress: progress)

        var snapshot = SourceSnapshot()
        let identities = try await identityItems
        let links = try await identityBlocks(identities.map { $0["id"]?.stringValue ?? "" }, progress: progress)
        snapshot.identityBlockLinks = links.reduce(0) { $0 + $1.count }
        var clock = start.microseconds
        for (item, blockIDs) in zip(identities, links) {
            snapshot.identities.append(
                try RecordDecoding.identity(
                    item, organizationID: organizationID, blockIDs: blockIDs,
                    fallbackCreatedAt: Timestamp(microseconds: clock)))
            clock += 1
        }
        for item in try await blockItems + templateItems {
            snapshot.blocks.append(
                try RecordDecoding.block(item, organizationID: organizationID, fallbackCreatedAt: Timestamp(microseconds: clock)))
            clock += 1
        }
        let agents = try await agentItems
        snapshot.agents = try agents.map { item in
            var record = try RecordDecoding.agent(Self.withToolsByID(item), organizationID: organizationID)
            record.linkOrderKnown = false
            return record
        }
        snapshot.agentFileParts = try await agentFileParts(of: snapshot.agents, items: agents, progress: progress)
        return snapshot
    }

    /// Every item of an id-cursored list, oldest first, each with a valid id of `kind`, no id twice.
    func list(_ path: String, _ query: [(String, String)], kind: ObjectKind, progress: Progress?) async throws
        -> [JSONValue]
    {
        var items: [JSONValue] = []
        var seen = Set<String>()
        var after: String?
        for _ in 0..<Self.maximumPages {
            var pageQuery = query + [("order", "asc"), ("limit", String(pageSize))]
            if let after { pageQuery.append(("after", after)) }
            guard case .array(let page) = try await client.get(path, pageQuery) else {
                throw SourceError("GET \(path): malformed page (expected a JSON array)")
            }
            for item in page {
                guard let id = item["id"]?.stringValue, ObjectID.isValid(id, kind: kind) else {
                    throw SourceError("GET \(path): malformed page (an item without a valid \(kind.prefix) id)")
                }
                if seen.insert(id).inserted { items.append(item) }
            }
            progress?.read(kind, page.count)
            guard page.count >= pageSize, let last = page.last?["id"]?.stringValue, last != after else { return items }
            after = last
        }
        throw SourceError("GET \(path): more than \(Self.maximumPages) pages")
    }

    /// The block ids linked to each identity, in the given order, `concurrency` identities at a time.
    func identityBlocks(_ identityIDs: [String], progress: Progress) async throws -> [[String]] {
        try await concurrently(identityIDs) { id in
            try await list("/v1/identities/\(id)/blocks", [], kind: .block, progress: nil).compactMap { $0["id"]?.stringValue }
        } done: {
            progress.read(.identity, 0, links: 1)
        }
    }
}

/// Numbers of objects per kind.
public struct ObjectCounts: Sendable, Equatable {
    public var identities = 0
    public var blocks = 0
    public var agents = 0

    public init(identities: Int = 0, blocks: Int = 0, agents: Int = 0) {
        self.identities = identities
        self.blocks = blocks
        self.agents = agents
    }
}
