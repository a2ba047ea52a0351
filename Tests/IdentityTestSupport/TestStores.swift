import Foundation

@testable import IdentityCore
@testable import IdentitySQLite
@testable import IdentityPostgres

/// The backend the API suites run against, chosen by `IDENTITY_TEST_BACKEND`: `sqlite` (the default,
/// an in-memory database per store) or `postgres` (a fresh schema of the test database per store;
/// needs `IDENTITY_TEST_POSTGRES_URL`, which `scripts/with-postgres.sh` provides).
package enum TestBackend: String {
    case sqlite, postgres

    package static let current: TestBackend = {
        let name = ProcessInfo.processInfo.environment["IDENTITY_TEST_BACKEND"] ?? ""
        guard !name.isEmpty else { return .sqlite }
        guard let backend = TestBackend(rawValue: name) else {
            fatalError("IDENTITY_TEST_BACKEND must be 'sqlite' or 'postgres', not '\(name)'")
        }
        if backend == .postgres && !PostgresTestEnvironment.isAvailable {
            fatalError("IDENTITY_TEST_BACKEND=postgres needs IDENTITY_TEST_POSTGRES_URL (run under scripts/with-postgres.sh)")
        }
        return backend
    }()
}

/// A new, empty store of the selected backend (with the default organization), for one test; both
/// backends also keep organizations and API keys (`TenantStore`).
package func makeTestStore() throws -> any IdentityStore & TenantStore {
    switch TestBackend.current {
    case .sqlite:
        return try SQLiteStore(path: ":memory:")
    case .postgres:
        return try RecycledPostgresStore()
    }
}

/// Every stored API key row as one text (digest, name, id, organization), read with the backend's own
/// SQL, for tests that check what reaches the database.
package func storedAPIKeyRows(_ store: any IdentityStore) throws -> [String] {
    if let sqlite = store as? SQLiteStore {
        return try sqlite.database.read { db in
            try db.query("SELECT quote(secret_digest) || name || id || organization_id FROM api_keys") { $0.string(0) }
        }
    }
    guard let postgres = postgresStore(store) else { return [] }
    return try postgres.pool.withConnection { connection in
        try connection.query("SELECT encode(secret_digest, 'hex') || coalesce(name, '') || id || organization_id FROM api_keys")
            .map { $0.string(0) }
    }
}

/// Every organization's name as stored, in name order, read with the backend's own SQL (not through
/// `listOrganizations`), for tests that check what a write left in the table.
package func storedOrganizationNames(_ store: any IdentityStore) throws -> [String] {
    let sql = "SELECT name FROM organizations ORDER BY name"
    if let sqlite = store as? SQLiteStore {
        return try sqlite.database.read { db in try db.query(sql) { $0.string(0) } }
    }
    guard let postgres = postgresStore(store) else { return [] }
    return try postgres.pool.withConnection { connection in try connection.query(sql).map { $0.string(0) } }
}

/// How many rows of the tag tables (`organization_tags`, `agent_tags`, `block_tags`) belong to the
/// organization, read with the backend's own SQL, for tests that check a deletion left none behind.
package func storedTagRowCount(_ store: any IdentityStore, organizationID: String) throws -> Int {
    func sql(_ parameter: String) -> String {
        """
        SELECT (SELECT count(*) FROM organization_tags WHERE organization_id = \(parameter))
             + (SELECT count(*) FROM agent_tags WHERE organization_id = \(parameter))
             + (SELECT count(*) FROM block_tags WHERE organization_id = \(parameter))
        """
    }
    if let sqlite = store as? SQLiteStore {
        return try sqlite.database.read { db in
            try Int(db.scalarInt(sql("?1"), [.text(organizationID)]) ?? -1)
        }
    }
    guard let postgres = postgresStore(store) else { return -1 }
    return try postgres.pool.withConnection { connection in
        try connection.query(sql("$1"), [.text(organizationID)]).first?.int(0) ?? -1
    }
}

/// The `PostgresStore` behind a test store of the PostgreSQL backend, or nil for another backend.
private func postgresStore(_ store: any IdentityStore) -> PostgresStore? {
    (store as? RecycledPostgresStore)?.store ?? (store as? PostgresStore)
}

/// A test store that can be closed; `TestStoreLocation.open` returns one.
package protocol ClosableTestStore: IdentityStore, TenantStore {
    func close()
}

extension SQLiteStore: ClosableTestStore {}
extension PostgresStore: ClosableTestStore {}

/// Where stores of the selected backend can be opened more than once, one after another or at the
/// same time: a temporary SQLite file (deleted with the location) or a fresh PostgreSQL schema. For
/// tests of what survives reopening, and of many threads on one store (an in-memory SQLite store is
/// one connection; a file has a writer and pooled readers).
package final class TestStoreLocation {
    private enum Place {
        case sqlite(TemporaryDatabase)
        case postgres(PostgresURL)
    }

    private let place: Place

    package init() throws {
        switch TestBackend.current {
        case .sqlite:
            place = .sqlite(TemporaryDatabase())
        case .postgres:
            place = .postgres(try PostgresTestDatabase.shared.makeSchema().url)
        }
    }

    deinit {
        if case .sqlite(let file) = place { file.remove() }
    }

    /// A store on this location (migrated, with the default organization); on PostgreSQL with a pool of
    /// `connections`. The caller closes it.
    package func open(connections: Int = 2) throws -> any ClosableTestStore {
        switch place {
        case .sqlite(let file):
            return try SQLiteStore(path: file.path)
        case .postgres(let url):
            return try PostgresStore(url: url, configuration: PostgresPool.Configuration(size: connections))
        }
    }
}

/// A `PostgresStore` on a schema borrowed from `PostgresSchemaRecycler`: when the last reference goes,
/// the store closes, its rows are deleted and the schema goes back for the next test. Creating and
/// migrating a schema costs far more than emptying one, and API suites create a store per test.
package final class RecycledPostgresStore: IdentityStore, TenantStore {
    package let store: PostgresStore
    private let lease: PostgresSchemaRecycler.Lease

    package init() throws {
        lease = try PostgresSchemaRecycler.shared.borrow()
        do {
            store = try PostgresStore(url: lease.url, configuration: PostgresPool.Configuration(size: 2))
        } catch {
            PostgresSchemaRecycler.shared.discard(lease)
            throw error
        }
    }

    deinit {
        store.close()
        PostgresSchemaRecycler.shared.giveBack(lease)
    }

    package func ensureOrganization(id: String, name: String) throws { try store.ensureOrganization(id: id, name: name) }
    package func createIdentity(_ identity: Identity) throws -> Identity { try store.createIdentity(identity) }
    package func identity(id: String, organizationID: String) throws -> Identity? {
        try store.identity(id: id, organizationID: organizationID)
    }
    package func identity(identifierKey: String, projectID: String?, organizationID: String) throws -> Identity? {
        try store.identity(identifierKey: identifierKey, projectID: projectID, organizationID: organizationID)
    }
    package func upsertIdentity(
        identifierKey: String, projectID: String?, organizationID: String,
        make: () throws -> Identity, mutate: (inout Identity) throws -> Void
    ) throws -> Identity {
        try store.upsertIdentity(
            identifierKey: identifierKey, projectID: projectID, organizationID: organizationID, make: make, mutate: mutate)
    }
    package func updateIdentity(id: String, organizationID: String, mutate: (inout Identity) throws -> Void) throws -> Identity {
        try store.updateIdentity(id: id, organizationID: organizationID, mutate: mutate)
    }
    package func deleteIdentity(id: String, organizationID: String) throws -> Bool {
        try store.deleteIdentity(id: id, organizationID: organizationID)
    }
    package func listIdentities(_ filter: IdentityFilter, page: PageRequest, organizationID: String) throws -> [Identity] {
        try store.listIdentities(filter, page: page, organizationID: organizationID)
    }
    package func countIdentities(organizationID: String) throws -> Int { try store.countIdentities(organizationID: organizationID) }
    package func createAgent(_ agent: Agent, newBlocks: [Block]) throws -> Agent { try store.createAgent(agent, newBlocks: newBlocks) }
    package func agent(id: String, organizationID: String) throws -> Agent? { try store.agent(id: id, organizationID: organizationID) }
    package func updateAgent(id: String, organizationID: String, mutate: (inout Agent) throws -> Void) throws -> Agent {
        try store.updateAgent(id: id, organizationID: organizationID, mutate: mutate)
    }
    package func deleteAgent(id: String, organizationID: String) throws -> Bool {
        try store.deleteAgent(id: id, organizationID: organizationID)
    }
    package func listAgents(
        _ filter: AgentFilter, sortBy: AgentSortField, page: PageRequest, cursors: CursorPolicy, organizationID: String
    ) throws -> [Agent] {
        try store.listAgents(filter, sortBy: sortBy, page: page, cursors: cursors, organizationID: organizationID)
    }
    package func countAgents(_ filter: AgentFilter, organizationID: String) throws -> Int {
        try store.countAgents(filter, organizationID: organizationID)
    }
    package func listRevisedAgents(
        _ filter: AgentFilter, sortBy: AgentSortField, page: PageRequest, cursors: CursorPolicy, organizationID: String,
        isCurrent: (String, Int64) -> Bool
    ) throws -> [RevisedAgent] {
        try store.listRevisedAgents(
            filter, sortBy: sortBy, page: page, cursors: cursors, organizationID: organizationID, isCurrent: isCurrent)
    }
    package func revisedAgent(
        id: String, organizationID: String, isCurrent: (String, Int64) -> Bool
    ) throws -> RevisedAgent? {
        try store.revisedAgent(id: id, organizationID: organizationID, isCurrent: isCurrent)
    }
    package func createBlock(_ block: Block) throws -> Block { try store.createBlock(block) }
    package func block(id: String, organizationID: String) throws -> Block? { try store.block(id: id, organizationID: organizationID) }
    package func updateBlock(id: String, organizationID: String, mutate: (inout Block) throws -> Void) throws -> Block {
        try store.updateBlock(id: id, organizationID: organizationID, mutate: mutate)
    }
    package func deleteBlock(id: String, organizationID: String) throws -> Bool {
        try store.deleteBlock(id: id, organizationID: organizationID)
    }
    package func listBlocks(_ filter: BlockFilter, page: PageRequest, cursors: CursorPolicy, organizationID: String) throws -> [Block] {
        try store.listBlocks(filter, page: page, cursors: cursors, organizationID: organizationID)
    }
    package func countBlocks(_ filter: BlockFilter, organizationID: String) throws -> Int {
        try store.countBlocks(filter, organizationID: organizationID)
    }
    package func listTags(nameContains: String?, page: PageRequest, organizationID: String) throws -> [String] {
        try store.listTags(nameContains: nameContains, page: page, organizationID: organizationID)
    }

    package func createOrganization(_ organization: Organization) throws -> Organization { try store.createOrganization(organization) }
    package func organization(id: String) throws -> Organization? { try store.organization(id: id) }
    package func listOrganizations() throws -> [Organization] { try store.listOrganizations() }
    package func deleteOrganization(id: String) throws -> Bool { try store.deleteOrganization(id: id) }
    package func createAPIKey(_ key: APIKey) throws -> APIKey { try store.createAPIKey(key) }
    package func apiKey(id: String) throws -> APIKey? { try store.apiKey(id: id) }
    package func apiKey(secretDigest: [UInt8]) throws -> APIKey? { try store.apiKey(secretDigest: secretDigest) }
    package func listAPIKeys(organizationID: String?) throws -> [APIKey] { try store.listAPIKeys(organizationID: organizationID) }
    package func revokeAPIKey(id: String, at time: Timestamp) throws -> APIKey? { try store.revokeAPIKey(id: id, at: time) }
}

/// Migrated schemas of the test database, handed out one test at a time and emptied in between.
package final class PostgresSchemaRecycler: @unchecked Sendable {
    package static let shared = PostgresSchemaRecycler()

    package struct Lease: Sendable {
        package let schema: String
        package let url: PostgresURL
    }

    private let lock = NSLock()
    private var idle: [Lease] = []

    /// An empty migrated schema (a recycled one when available; a new one is migrated by the store).
    package func borrow() throws -> Lease {
        lock.lock()
        let recycled = idle.popLast()
        lock.unlock()
        if let recycled { return recycled }
        let (schema, url) = try PostgresTestDatabase.shared.makeSchema()
        return Lease(schema: schema, url: url)
    }

    /// Deletes every row (the organizations cascade to everything else) and keeps the schema for reuse;
    /// the next store re-creates the default organization. A schema that cannot be emptied is dropped.
    package func giveBack(_ lease: Lease) {
        do {
            let connection = try PostgresConnection(url: lease.url)
            defer { connection.close() }
            try connection.query("DELETE FROM organizations")
            lock.lock()
            idle.append(lease)
            lock.unlock()
        } catch {
            discard(lease)
        }
    }

    package func discard(_ lease: Lease) {
        guard let connection = try? PostgresConnection(url: PostgresTestDatabase.shared.url) else { return }
        _ = try? connection.executeScript("DROP SCHEMA IF EXISTS \(lease.schema) CASCADE")
        connection.close()
    }
}

extension RecycledPostgresStore: AgentFileStore {
    package func importAgentFile(_ plan: AgentFileImportPlan, organizationID: String) throws -> [String] {
        try store.importAgentFile(plan, organizationID: organizationID)
    }

    package func agentFileParts(agentID: String, organizationID: String) throws -> String? {
        try store.agentFileParts(agentID: agentID, organizationID: organizationID)
    }

    package func agentFileParts(agentIDs: [String], organizationID: String) throws -> [String: String] {
        try store.agentFileParts(agentIDs: agentIDs, organizationID: organizationID)
    }

    package func setAgentFileParts(agentID: String, organizationID: String, toolsJSON: [UInt8]?, parts: String?) throws {
        try store.setAgentFileParts(agentID: agentID, organizationID: organizationID, toolsJSON: toolsJSON, parts: parts)
    }
}
