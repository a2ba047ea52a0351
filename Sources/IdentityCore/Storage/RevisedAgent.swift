/// An agent of a read made for a caller that keeps renderings by revision (`AgentRenderCache`): its
/// id and current revision (`agents.revision`), and the agent itself unless the caller said it holds
/// that revision already.
///
/// The rule every store keeps: a loaded agent is read in the same snapshot as its revision or a
/// later one, so its `Agent.revision` is never older than `revision` (content newer than the
/// revision a page names is harmless: the next read misses).
public struct RevisedAgent: Sendable {
    public let id: String
    public let revision: Int64
    /// The agent behind a reference: an `Agent` is a large value and a warm page holds few, so
    /// an entry stays a few words and building a page of entries copies no agent.
    private let loaded: LoadedAgent?

    /// nil exactly when the caller's `isCurrent(id, revision)` said yes (a refused agent that is gone
    /// by the time it is loaded is left out of the answer).
    public var agent: Agent? { loaded?.agent }

    public init(id: String, revision: Int64, agent: Agent?) {
        self.id = id
        self.revision = revision
        self.loaded = agent.map(LoadedAgent.init)
    }
}

private final class LoadedAgent: Sendable {
    let agent: Agent

    init(_ agent: Agent) {
        self.agent = agent
    }
}
