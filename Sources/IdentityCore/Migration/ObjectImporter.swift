/// What importing one object did (or, in a dry run, would do).
public enum ImportOutcome: Sendable, Equatable {
    case created
    case updated
    /// The target already holds exactly this object: nothing was written.
    case unchanged
    /// Not written, with the reason: e.g. its `identifier_key` belongs to another identity in
    /// the target, or it links an object that is not there.
    case skipped(reason: String)

    /// One object's outcome from two writes (the agent, then its parts): a skip wins, then a
    /// creation, then an update.
    public static func combined(_ first: ImportOutcome, _ second: ImportOutcome) -> ImportOutcome {
        switch (first, second) {
        case (.skipped, _): first
        case (_, .skipped): second
        case (.created, _), (_, .created): .created
        case (.updated, _), (_, .updated): .updated
        default: .unchanged
        }
    }
}

/// Writes objects read from a source (Letta, a dump) into a store under their own ids,
/// timestamps and author ids, idempotently: an absent object is created, a different one is
/// updated to match, an equal one is left untouched. Each object with its links is one store
/// write, so one transaction (or one savepoint of a batch, see `IdentityStore.perform`).
/// Conflicts are reported per object (`ImportOutcome.skipped`) and never overwrite anything.
///
/// Order matters for links: import blocks, then identities (which link blocks), then agents
/// (which link identities and blocks and own the identity↔agent links).
///
/// Link sets whose order carries no meaning (tags, an identity's blocks, an agent's identities)
/// compare as sets; an agent's blocks compare in attachment order, or as a set when the source
/// gives them in no defined order (`SourceRecord.linkOrderKnown`, false for Letta).
public struct ObjectImporter: Sendable {
    public let store: any IdentityStore
    public let organizationID: String
    /// Compute outcomes without writing.
    public let dryRun: Bool

    public init(store: any IdentityStore, organizationID: String, dryRun: Bool = false) {
        self.store = store
        self.organizationID = organizationID
        self.dryRun = dryRun
    }

    public func put(_ record: SourceRecord<Block>) throws -> ImportOutcome {
        try guarded {
            var incoming = record.object
            incoming.organizationID = organizationID
            guard let existing = try store.block(id: incoming.id, organizationID: organizationID) else {
                if !dryRun { _ = try store.createBlock(incoming) }
                return .created
            }
            if !record.createdAtKnown { incoming.createdAt = existing.createdAt }
            if Set(incoming.tags) == Set(existing.tags) { incoming.tags = existing.tags }
            if incoming == existing { return .unchanged }
            if !dryRun { _ = try store.updateBlock(id: incoming.id, organizationID: organizationID) { $0 = incoming } }
            return .updated
        }
    }

    public func put(_ record: SourceRecord<Identity>) throws -> ImportOutcome {
        try guarded {
            var incoming = record.object
            incoming.organizationID = organizationID
            let existing = try store.identity(id: incoming.id, organizationID: organizationID)
            if let owner = try store.identity(
                identifierKey: incoming.identifierKey, projectID: incoming.projectID, organizationID: organizationID),
                owner.id != incoming.id
            {
                return .skipped(
                    reason: "identifier_key '\(incoming.identifierKey)'"
                        + (incoming.projectID.map { " (project \($0))" } ?? "") + " belongs to \(owner.id) in the target")
            }
            guard let existing else {
                incoming.agentIDs = []
                if !dryRun { _ = try store.createIdentity(incoming) }
                return .created
            }
            // Agent links belong to the agents' records, which come later.
            incoming.agentIDs = existing.agentIDs
            if !record.createdAtKnown { incoming.createdAt = existing.createdAt }
            if Set(incoming.blockIDs) == Set(existing.blockIDs) { incoming.blockIDs = existing.blockIDs }
            if incoming == existing { return .unchanged }
            if !dryRun {
                _ = try store.updateIdentity(id: incoming.id, organizationID: organizationID) { $0 = incoming }
            }
            return .updated
        }
    }

    public func put(_ record: SourceRecord<Agent>) throws -> ImportOutcome {
        try guarded {
            var incoming = record.object
            incoming.organizationID = organizationID
            guard let existing = try store.agent(id: incoming.id, organizationID: organizationID) else {
                if !dryRun { _ = try store.createAgent(incoming, newBlocks: []) }
                return .created
            }
            if !record.toolsKnown { incoming.toolsJSON = existing.toolsJSON }
            if !record.linkOrderKnown && Set(incoming.blockIDs) == Set(existing.blockIDs) {
                incoming.blockIDs = existing.blockIDs
            }
            if Self.sameAgent(incoming, existing) { return .unchanged }
            if !dryRun { _ = try store.updateAgent(id: incoming.id, organizationID: organizationID) { $0 = incoming } }
            return .updated
        }
    }

    /// Carries an agent's agent-file parts (its messages and the rest of Letta's export; see
    /// `AgentFileStore.setAgentFileParts`) onto the agent with the same id, after the agent itself:
    /// `.unchanged` when the stored parts and tools already match, `.updated` when written.
    public func putParts(agentID: String, toolsJSON: [UInt8]?, parts: String?) throws -> ImportOutcome {
        try guarded {
            guard let files = store as? any AgentFileStore else {
                return .skipped(reason: "this database keeps no agent-file parts")
            }
            guard let agent = try store.agent(id: agentID, organizationID: organizationID) else {
                return dryRun ? .created : .skipped(reason: "Agent \(agentID) vanished during the write")
            }
            let stored = try files.agentFileParts(agentID: agentID, organizationID: organizationID)
            let parts = parts.map { Self.keepingStoredOTIDs($0, stored: stored) }
            if stored == parts && agent.toolsJSON == toolsJSON { return .unchanged }
            if !dryRun {
                try files.setAgentFileParts(agentID: agentID, organizationID: organizationID, toolsJSON: toolsJSON, parts: parts)
            }
            return .updated
        }
    }

    /// `incoming` with each message's `otid` taken from the stored message with the same id: Letta
    /// makes up a new `otid` on every export for a message that has none (its system message), so
    /// without this every run would see a change.
    static func keepingStoredOTIDs(_ incoming: String, stored: String?) -> String {
        guard let stored, let old = AgentFileParts(text: stored), var new = AgentFileParts(text: incoming) else {
            return incoming
        }
        var otids: [String: JSONValue] = [:]
        for message in old.messages {
            if let id = message["id"]?.stringValue, let otid = message["otid"] { otids[id] = otid }
        }
        var replaced = false
        for index in new.messages.indices {
            if let id = new.messages[index]["id"]?.stringValue, let otid = otids[id], new.messages[index]["otid"] != otid {
                new.messages[index]["otid"] = otid
                replaced = true
            }
        }
        return replaced ? new.text : incoming
    }

    /// Whether the stored agent already matches the incoming record (relationship objects filled
    /// by reads are not part of a record; tag and identity sets compare without order).
    public static func sameAgent(_ incoming: Agent, _ existing: Agent) -> Bool {
        var incoming = incoming
        incoming.identities = existing.identities
        incoming.blocks = existing.blocks
        if Set(incoming.tags) == Set(existing.tags) { incoming.tags = existing.tags }
        if Set(incoming.identityIDs) == Set(existing.identityIDs) { incoming.identityIDs = existing.identityIDs }
        return incoming == existing
    }

    /// Runs one object's import; rule violations and failed writes of this object become
    /// `.skipped`; an unavailable database or a full disk stops the run.
    private func guarded(_ body: () throws -> ImportOutcome) throws -> ImportOutcome {
        do {
            return try body()
        } catch let error as StoreError {
            switch error {
            case .unavailable, .storageFull: throw error
            case .conflict(_, let message): return .skipped(reason: message)
            case .missingReferences(let kind, let ids):
                return .skipped(reason: "links \(kind.modelName.lowercased()) ids missing in the target: \(ids.joined(separator: ", "))")
            case .notFound(let kind, let id): return .skipped(reason: "\(kind.modelName) \(id) vanished during the write")
            case .cursorNotFound(let kind, let id): return .skipped(reason: "\(kind.modelName) cursor \(id) not found")
            }
        } catch let error as MalformedRecord {
            throw error
        } catch {
            return .skipped(reason: "write failed: \(error)")
        }
    }
}
