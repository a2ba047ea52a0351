import Synchronization

/// The rendered AgentState JSON of recently read agents, each valid for one revision of its agent
/// (`agents.revision`, which the database changes whenever anything rendered into the agent changes;
/// docs/architecture.md, "Agent rendering cache"). A reader asks the store for the revisions of the
/// agents it answers with and reuses a rendering only when its revision is the current one, so a
/// write by this instance or by another one sharing the database is seen by the next read.
///
/// - Bounded by `maximumBytes` (the JSON plus an estimate of each entry's overhead); full shards
///   evict with CLOCK (second chance): a hit sets the entry's reference bit, and the hand clears bits
///   until it finds an entry not used since its last pass. No list is reordered on a hit.
/// - Sharded by agent id, each shard behind its own lock, so concurrent readers rarely meet.
/// - Entries are keyed by agent id and carry the organization, checked on every lookup.
/// - An entry may also carry the store's `CommitStamp` from before the read that last found it
///   current: while the store's stamp is still that one, nothing was written anywhere since, and
///   the entry is served without asking the store (`rendering(agentID:organizationID:unchangedSince:)`).
public final class AgentRenderCache: Sendable {
    /// Counters for `/metrics`.
    public struct Statistics: Sendable, Equatable {
        public var hits = 0
        public var misses = 0
        public var evictions = 0
        /// Bytes held (JSON and the entries' estimated overhead), and entries.
        public var bytes = 0
        public var entries = 0
    }

    /// 64 MiB: about 13,000 agents of 5 KB.
    public static let defaultMaximumBytes = 64 << 20
    /// What an entry costs beyond its JSON (the slot, the id twice, the dictionary's share).
    static let entryOverhead = 160

    public let maximumBytes: Int
    private let shards: [CacheShard]

    /// `maximumBytes` > 0; one shard per 256 KiB of budget, at most 16.
    public init(maximumBytes: Int = defaultMaximumBytes) {
        precondition(maximumBytes > 0, "a disabled cache is no cache (nil)")
        self.maximumBytes = maximumBytes
        let count = min(16, max(1, maximumBytes / (256 << 10)))
        shards = (0..<count).map { _ in CacheShard(budget: maximumBytes / count) }
    }

    /// The rendering of `agentID` at exactly `revision` in `organizationID`, or nil (a miss). A hit
    /// read under `validatedAt` (the store's stamp taken before the read that gave `revision`)
    /// keeps that stamp for `rendering(agentID:organizationID:unchangedSince:)`.
    public func rendering(
        agentID: String, organizationID: String, revision: Int64, validatedAt: CommitStamp? = nil
    ) -> [UInt8]? {
        shard(agentID).state.withLock {
            $0.lookup(agentID, organizationID: organizationID, revision: revision, validatedAt: validatedAt)
        }
    }

    /// The rendering of `agentID` in `organizationID` if it was last found current under exactly
    /// `stamp`, so no write has committed since; else nil, and the caller asks the store.
    public func rendering(agentID: String, organizationID: String, unchangedSince stamp: CommitStamp) -> [UInt8]? {
        shard(agentID).state.withLock { $0.lookup(agentID, organizationID: organizationID, unchangedSince: stamp) }
    }

    /// Keeps `json` as the rendering of `agentID` at `revision` (replacing any other revision's),
    /// found current under `validatedAt` when given. A rendering larger than a shard's budget is
    /// not kept.
    public func store(
        agentID: String, organizationID: String, revision: Int64, json: [UInt8], validatedAt: CommitStamp? = nil
    ) {
        shard(agentID).state.withLock {
            $0.insert(agentID, organizationID: organizationID, revision: revision, json: json, validatedAt: validatedAt)
        }
    }

    public var statistics: Statistics {
        var total = Statistics()
        for shard in shards {
            let part = shard.state.withLock { $0.statistics }
            total.hits += part.hits
            total.misses += part.misses
            total.evictions += part.evictions
            total.bytes += part.bytes
            total.entries += part.entries
        }
        return total
    }

    /// The shard of an id: FNV-1a over its last 8 bytes (the random end of `agent-<uuid4>`), cheaper
    /// than a second full hash next to the shard dictionary's own.
    private func shard(_ agentID: String) -> CacheShard {
        guard shards.count > 1 else { return shards[0] }
        let hash = agentID.utf8.withContiguousStorageIfAvailable(Self.fnv1aOfLastBytes)
            ?? Array(agentID.utf8).withUnsafeBufferPointer(Self.fnv1aOfLastBytes)
        return shards[Int(hash % UInt64(shards.count))]
    }

    private static func fnv1aOfLastBytes(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes[max(0, bytes.count - 8)...] { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        return hash
    }
}

/// One shard's lock and state (`Mutex` cannot live in an array by itself).
private final class CacheShard: Sendable {
    let state: Mutex<CacheShardState>

    init(budget: Int) {
        state = Mutex(CacheShardState(budget: budget))
    }
}

/// The entries of one shard: slots in a ring for the CLOCK hand, an index from agent id to slot,
/// and the free slots left by evictions.
private struct CacheShardState {
    struct Slot {
        var agentID: String
        var organizationID: String
        var revision: Int64
        var json: [UInt8]
        /// The store's stamp before the last read that found `revision` current, if known.
        var validatedAt: CommitStamp?
        var referenced: Bool
        var cost: Int
    }

    let budget: Int
    var slots: [Slot?] = []
    var index: [String: Int] = [:]
    var free: [Int] = []
    var hand = 0
    var statistics = AgentRenderCache.Statistics()

    init(budget: Int) {
        self.budget = budget
    }

    mutating func lookup(
        _ agentID: String, organizationID: String, revision: Int64, validatedAt: CommitStamp?
    ) -> [UInt8]? {
        guard let position = index[agentID], let slot = slots[position], slot.revision == revision,
            slot.organizationID == organizationID
        else {
            statistics.misses += 1
            return nil
        }
        if let validatedAt { slots[position]?.validatedAt = validatedAt }
        return hit(slot, at: position)
    }

    /// A hit only for an entry last found current under exactly `stamp`; no miss is counted
    /// (the caller goes on to the revision check, which counts).
    mutating func lookup(_ agentID: String, organizationID: String, unchangedSince stamp: CommitStamp) -> [UInt8]? {
        guard let position = index[agentID], let slot = slots[position], slot.validatedAt == stamp,
            slot.organizationID == organizationID
        else { return nil }
        return hit(slot, at: position)
    }

    /// Counts a hit on `slot` and sets its reference bit for the CLOCK hand.
    private mutating func hit(_ slot: Slot, at position: Int) -> [UInt8] {
        if !slot.referenced { slots[position]?.referenced = true }
        statistics.hits += 1
        return slot.json
    }

    mutating func insert(
        _ agentID: String, organizationID: String, revision: Int64, json: [UInt8], validatedAt: CommitStamp?
    ) {
        let cost = json.count + 2 * agentID.utf8.count + organizationID.utf8.count + AgentRenderCache.entryOverhead
        if let position = index[agentID] { remove(at: position) }
        guard cost <= budget else { return }
        while statistics.bytes + cost > budget, evictOne() {}
        let slot = Slot(
            agentID: agentID, organizationID: organizationID, revision: revision, json: json,
            validatedAt: validatedAt, referenced: false, cost: cost)
        let position: Int
        if let reused = free.popLast() {
            position = reused
            slots[position] = slot
        } else {
            position = slots.count
            slots.append(slot)
        }
        index[agentID] = position
        statistics.bytes += cost
        statistics.entries += 1
    }

    /// Advances the hand to the first entry not referenced since the last pass and evicts it
    /// (clearing reference bits on the way); false when the shard is empty.
    private mutating func evictOne() -> Bool {
        guard statistics.entries > 0 else { return false }
        // Two passes at most: the first may only clear bits.
        for _ in 0..<(2 * slots.count + 1) {
            if hand >= slots.count { hand = 0 }
            let position = hand
            hand += 1
            guard let slot = slots[position] else { continue }
            if slot.referenced {
                slots[position]?.referenced = false
                continue
            }
            remove(at: position)
            statistics.evictions += 1
            return true
        }
        return false
    }

    private mutating func remove(at position: Int) {
        guard let slot = slots[position] else { return }
        index[slot.agentID] = nil
        slots[position] = nil
        free.append(position)
        statistics.bytes -= slot.cost
        statistics.entries -= 1
    }
}
