/// Storage for agent-file imports and exports (`POST /v1/agents/import`,
/// `GET /v1/agents/{agent_id}/export`): what an agent file holds beyond the modelled agent and
/// blocks is kept per agent as one JSON document (`AgentFileParts` text) and read back on export.
///
/// Rules, on top of `IdentityStore`'s:
/// - `importAgentFile` is one transaction: all of the plan's blocks, agents (with their tags,
///   block links and tools) and parts, or nothing.
/// - Deleting an agent deletes its parts.
public protocol AgentFileStore: Sendable {
    /// Stores the plan (agents and blocks get the organization given) and returns the new
    /// agents' ids in the plan's order.
    func importAgentFile(_ plan: AgentFileImportPlan, organizationID: String) throws -> [String]
    /// The parts document kept for an agent imported from a file; nil for any other agent.
    func agentFileParts(agentID: String, organizationID: String) throws -> String?
}
