import IdentityCore

/// The prepared statements of one connection, found again by their SQL text without hashing
/// that text on every run.
///
/// Most SQL is a string literal or a string kept in a constant, whose UTF-8 storage has a fixed
/// address; an entry is therefore found first by the address of the storage of the string it was
/// created with. The entry keeps that string alive, so the address cannot be reused for other
/// text while the entry exists. Other strings (built per call, or short enough to be stored
/// inline in the String value) are found by a word-at-a-time hash of their bytes, confirmed by
/// comparing the text. Of two texts with the same hash only the first is cached.
///
/// A statement stays in its entry while checked out, marked in use; the same SQL run again in
/// the meantime (from inside a row closure) is not served from the cache.
struct SQLiteStatementCache {
    private struct Entry {
        let sql: String
        let statement: OpaquePointer
        var inUse: Bool
    }

    /// What `checkOut` found for a SQL text.
    enum Lookup {
        /// A cached statement, now marked in use in `slot`.
        case cached(OpaquePointer, slot: Int)
        /// The cached statement is in use already: prepare another one, not to be cached.
        case inUse
        /// Not cached: prepare it and `insert` it.
        case absent
    }

    private var entries: [Entry] = []
    private var slotsByAddress: [UnsafeRawPointer: Int] = [:]
    private var slotsByTextHash: [Int: Int] = [:]

    var count: Int { entries.count }
    var isEmpty: Bool { entries.isEmpty }

    /// Finds `sql` and, when its statement is free, marks it in use.
    mutating func checkOut(_ sql: String) -> Lookup {
        guard let slot = slot(for: sql) else { return .absent }
        if entries[slot].inUse { return .inUse }
        entries[slot].inUse = true
        return .cached(entries[slot].statement, slot: slot)
    }

    /// Adds a freshly prepared statement for `sql`, marked in use; returns its slot, or nil when
    /// the cache is full (the caller finalizes the statement after use).
    mutating func insert(_ sql: String, _ statement: OpaquePointer, limit: Int) -> Int? {
        let hash = Self.textHash(sql)
        guard entries.count < limit, slotsByTextHash[hash] == nil else { return nil }
        let slot = entries.count
        entries.append(Entry(sql: sql, statement: statement, inUse: true))
        slotsByTextHash[hash] = slot
        if let address = Self.storageAddress(of: sql) { slotsByAddress[address] = slot }
        return slot
    }

    /// Marks the statement in `slot` free again (the caller has reset it).
    mutating func checkIn(slot: Int) {
        entries[slot].inUse = false
    }

    /// The cached statement for `sql`, in use or not.
    func statement(for sql: String) -> OpaquePointer? {
        slot(for: sql).map { entries[$0].statement }
    }

    /// Empties the cache; returns the statements that are not checked out, for finalizing
    /// (checked-out ones are finalized when they come back).
    mutating func removeAll() -> [OpaquePointer] {
        let free = entries.filter { !$0.inUse }.map(\.statement)
        entries.removeAll()
        slotsByAddress.removeAll()
        slotsByTextHash.removeAll()
        return free
    }

    private func slot(for sql: String) -> Int? {
        if let address = Self.storageAddress(of: sql), let slot = slotsByAddress[address],
           entries[slot].sql.utf8.count == sql.utf8.count {
            return slot
        }
        guard let slot = slotsByTextHash[Self.textHash(sql)], entries[slot].sql == sql else { return nil }
        return slot
    }

    /// A fast, non-cryptographic hash of the UTF-8 bytes, eight at a time (SQL texts run to
    /// hundreds of bytes; `String.hash(into:)` costs several times more).
    static func textHash(_ sql: String) -> Int {
        sql.utf8.withContiguousStorageIfAvailable { hash(UnsafeRawBufferPointer($0)) }
            ?? Array(sql.utf8).withUnsafeBytes(hash)
    }

    private static func hash(_ bytes: UnsafeRawBufferPointer) -> Int {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(bytes.count)
        var offset = 0
        while offset + 8 <= bytes.count {
            state = (state ^ bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self)) &* 0xFF51_AFD7_ED55_8CCD
            state ^= state >> 32
            offset += 8
        }
        var tail: UInt64 = 0
        while offset < bytes.count {
            tail = tail << 8 | UInt64(bytes[offset])
            offset += 1
        }
        state = (state ^ tail) &* 0xC4CE_B9FE_1A85_EC53
        return Int(truncatingIfNeeded: state ^ state >> 29)
    }

    /// The address of the string's UTF-8 storage, when it has one that outlives this call:
    /// strings of up to 15 bytes may be stored inline in the value (their bytes are copied
    /// for `withContiguousStorageIfAvailable`), so they have none.
    private static func storageAddress(of sql: String) -> UnsafeRawPointer? {
        let utf8 = sql.utf8
        guard utf8.count > 15 else { return nil }
        return utf8.withContiguousStorageIfAvailable { UnsafeRawPointer($0.baseAddress) } ?? nil
    }
}
