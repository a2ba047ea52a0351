/// Everything the API needs from storage, at the level of the domain. Implementations
/// (SQLite, PostgreSQL) write the SQL that suits them; handlers never see SQL.
///
/// Rules every implementation keeps:
/// - Every call is scoped to `organizationID`: objects of other organizations do not exist.
/// - Every write is one transaction: it either fully happens or not at all. Outside a
///   `WriteUnit` it returns only after it is durable (committed); inside one (`perform`) it is
///   durable when the unit's `committed()` is called.
/// - Writes that reference other objects (link ids) check they exist in the organization and
///   throw `StoreError.missingReferences` naming every missing id, before writing anything.
/// - Uniqueness of an identity's (identifier_key, project_id) per organization, with a null
///   project counted as a value, is enforced by the database (`StoreError.conflict`).
/// - Block labels are unique per agent (`StoreError.conflict`).
/// - Reads return relationships filled: `Identity.agentIDs/blockIDs`, `Agent.tags/identityIDs/
///   identities/blockIDs/blocks` (blocks with their tags), `Block.tags`, without one query per row.
/// - Lists order by `(sort key, id)` in the page's order; `Identity`/`Block` sort by `createdAt`.
/// - `mutate` closures run inside the write transaction on the current stored value; what
///   they leave is stored (link sets replaced by the arrays' contents). They may throw to abort.
public protocol IdentityStore: Sendable {
    // MARK: Units of writes

    /// Runs a unit of work that may write (one API request). A store with a writer thread
    /// queues it and runs it with others in one transaction (group commit, `.pending`); the
    /// default runs it now on the calling thread (`.finished`). See `WriteUnit`.
    func perform(_ unit: any WriteUnit) -> WriteUnitProgress

    // MARK: Organizations

    /// Creates the organization if it does not exist yet.
    func ensureOrganization(id: String, name: String) throws

    // MARK: Identities

    /// Stores a new identity and its links (`agentIDs`, `blockIDs`).
    func createIdentity(_ identity: Identity) throws -> Identity
    func identity(id: String, organizationID: String) throws -> Identity?
    /// The identity with this key and project (nil project matches only nil).
    func identity(identifierKey: String, projectID: String?, organizationID: String) throws -> Identity?
    /// Creates `make()` when no identity has this (key, project), else applies `mutate` to it.
    /// Races between concurrent upserts of one key never create two rows.
    func upsertIdentity(
        identifierKey: String, projectID: String?, organizationID: String,
        make: () throws -> Identity, mutate: (inout Identity) throws -> Void
    ) throws -> Identity
    /// Applies `mutate` to the stored identity; `StoreError.notFound` if absent.
    func updateIdentity(id: String, organizationID: String, mutate: (inout Identity) throws -> Void) throws -> Identity
    /// Deletes the identity and its links; false if it did not exist.
    func deleteIdentity(id: String, organizationID: String) throws -> Bool
    func listIdentities(_ filter: IdentityFilter, page: PageRequest, organizationID: String) throws -> [Identity]
    func countIdentities(organizationID: String) throws -> Int

    // MARK: Agents

    /// Stores `newBlocks` (memory blocks created with the agent) and then the agent with its
    /// links (`tags`, `identityIDs`, `blockIDs`, which may name the new blocks).
    func createAgent(_ agent: Agent, newBlocks: [Block]) throws -> Agent
    func agent(id: String, organizationID: String) throws -> Agent?
    func updateAgent(id: String, organizationID: String, mutate: (inout Agent) throws -> Void) throws -> Agent
    /// Deletes the agent, its tags and links; its blocks and identities stay. False if absent.
    func deleteAgent(id: String, organizationID: String) throws -> Bool
    func listAgents(
        _ filter: AgentFilter, sortBy: AgentSortField, page: PageRequest, cursors: CursorPolicy, organizationID: String
    ) throws -> [Agent]
    func countAgents(_ filter: AgentFilter, organizationID: String) throws -> Int
    /// The page `listAgents` gives, for a caller holding renderings by revision: each agent's id and
    /// current revision go to `isCurrent`, and only the agents it refuses are loaded (relationships
    /// and `revision` filled), never older than the revision the page names (see `RevisedAgent`).
    /// `isCurrent` is called once per agent of the page, in page order, maybe inside the store's read
    /// transaction: it must be quick and not call the store.
    func listRevisedAgents(
        _ filter: AgentFilter, sortBy: AgentSortField, page: PageRequest, cursors: CursorPolicy, organizationID: String,
        isCurrent: (_ id: String, _ revision: Int64) -> Bool
    ) throws -> [RevisedAgent]
    /// A stamp of everything committed so far, read without a query, or nil when the store cannot
    /// give one (see `CommitStamp`). Equal stamps must mean that nothing was committed in between;
    /// a stamp read before a read transaction starts is no newer than what that transaction sees.
    /// Nil inside a write, whose reads see changes that are not committed yet.
    func commitStamp() -> CommitStamp?
    /// One agent the same way (one indexed lookup when `isCurrent` says yes); nil if absent.
    func revisedAgent(
        id: String, organizationID: String, isCurrent: (_ id: String, _ revision: Int64) -> Bool
    ) throws -> RevisedAgent?

    // MARK: Blocks

    func createBlock(_ block: Block) throws -> Block
    func block(id: String, organizationID: String) throws -> Block?
    func updateBlock(id: String, organizationID: String, mutate: (inout Block) throws -> Void) throws -> Block
    /// Deletes the block, its tags and its links to agents and identities. False if absent.
    func deleteBlock(id: String, organizationID: String) throws -> Bool
    func listBlocks(_ filter: BlockFilter, page: PageRequest, cursors: CursorPolicy, organizationID: String) throws -> [Block]
    func countBlocks(_ filter: BlockFilter, organizationID: String) throws -> Int

    // MARK: Tags

    /// Distinct tags of the organization's agents and blocks, ordered by code point in the
    /// page's order; cursors are tag strings; `nameContains` is a case-insensitive substring.
    func listTags(nameContains: String?, page: PageRequest, organizationID: String) throws -> [String]
}
