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

extension RevisedAgent {
    /// A page's entries in row order, the way every store builds them: `isCurrent` is asked once per
    /// row, in order; `loadRefused` gets the refused rows and returns their agents (any order, matched
    /// by id), read no earlier than the rows; a refused row whose agent is gone is left out.
    public static func entries<Row>(
        _ rows: [Row], idAndRevision: (Row) -> (id: String, revision: Int64),
        isCurrent: (_ id: String, _ revision: Int64) -> Bool, loadRefused: ([Row]) throws -> [Agent]
    ) rethrows -> [RevisedAgent] {
        var current: [Bool] = []
        current.reserveCapacity(rows.count)
        var refused: [Row] = []
        for row in rows {
            let key = idAndRevision(row)
            let isCurrentRow = isCurrent(key.id, key.revision)
            current.append(isCurrentRow)
            if !isCurrentRow { refused.append(row) }
        }
        var loaded: [String: Agent] = [:]
        if !refused.isEmpty {
            for agent in try loadRefused(refused) { loaded[agent.id] = agent }
        }
        var entries: [RevisedAgent] = []
        entries.reserveCapacity(rows.count)
        for (row, isCurrentRow) in zip(rows, current) {
            let key = idAndRevision(row)
            if isCurrentRow {
                entries.append(RevisedAgent(id: key.id, revision: key.revision, agent: nil))
            } else if let agent = loaded[key.id] {
                entries.append(RevisedAgent(id: key.id, revision: agent.revision, agent: agent))
            }
        }
        return entries
    }
}

private final class LoadedAgent: Sendable {
    let agent: Agent

    init(_ agent: Agent) {
        self.agent = agent
    }
}
