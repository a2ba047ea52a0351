/// Storage for agent-file imports and exports (`POST /v1/agents/import`,
/// `GET /v1/agents/{agent_id}/export`): what an agent file holds beyond the modelled agent and
/// blocks is kept per agent as one JSON document (`AgentFileParts` text) and read back on export.
///
/// Rules, on top of `IdentityStore`'s:
/// - `importAgentFile` is one transaction: all of the plan's blocks, agents (with their tags,
///   block links and tools) and parts, or nothing.
/// - Deleting an agent deletes its parts.
/// - `setAgentFileParts` is one transaction: the agent's tools and its parts, or neither.
public protocol AgentFileStore: Sendable {
    /// Stores the plan (agents and blocks get the organization given) and returns the new
    /// agents' ids in the plan's order.
    func importAgentFile(_ plan: AgentFileImportPlan, organizationID: String) throws -> [String]
    /// The parts document kept for an agent imported from a file; nil for any other agent.
    func agentFileParts(agentID: String, organizationID: String) throws -> String?
    /// The parts documents of those of `agentIDs` that have one, by agent id.
    func agentFileParts(agentIDs: [String], organizationID: String) throws -> [String: String]
    /// Sets an existing agent's tools (`Agent.toolsJSON`, nil: none) and its parts document (nil:
    /// none kept), leaving its other fields and links alone: how `migrate` and `import` carry an
    /// agent's tools and messages onto the agent with the same id. `StoreError.notFound` when the
    /// agent does not exist in the organization.
    func setAgentFileParts(agentID: String, organizationID: String, toolsJSON: [UInt8]?, parts: String?) throws
}
