import IdentityCore

/// Up to `capacity` read-only connections, opened lazily. A caller checks one out for the duration of a
/// read closure; when all are busy it waits for one to come back.
final class SQLiteReaderPool: @unchecked Sendable {
    private let lock = ConditionLock()
    private let capacity: Int
    private let makeConnection: () throws -> SQLiteConnection
    private var idle: [SQLiteConnection] = []
    private var openCount = 0
    private var isClosed = false

    init(capacity: Int, makeConnection: @escaping () throws -> SQLiteConnection) {
        self.capacity = max(1, capacity)
        self.makeConnection = makeConnection
    }

    /// Runs `body` with a reader that no other thread uses meanwhile.
    func withReader<T>(_ body: (SQLiteConnection) throws -> T) throws -> T {
        let reader = try checkout()
        defer { checkin(reader) }
        return try body(reader)
    }

    /// Closes idle readers now and readers in use when they come back; later checkouts fail.
    func close() {
        let toClose: [SQLiteConnection] = lock.withLock {
            isClosed = true
            defer { idle.removeAll() }
            lock.broadcast()
            return idle
        }
        for reader in toClose {
            reader.close()
        }
    }

    /// Number of reader connections currently open (idle or checked out).
    var openReaderCount: Int {
        lock.withLock { openCount }
    }

    private func checkout() throws -> SQLiteConnection {
        let reused: SQLiteConnection? = try lock.withLock { () throws(SQLiteError) -> SQLiteConnection? in
            while true {
                guard !isClosed else { throw SQLiteError.misuse("database is closed") }
                if let reader = idle.popLast() { return reader }
                if openCount < capacity {
                    openCount += 1
                    return nil
                }
                lock.wait()
            }
        }
        if let reused { return reused }
        do {
            return try makeConnection()
        } catch {
            lock.withLock {
                openCount -= 1
                lock.signal()
            }
            throw error
        }
    }

    private func checkin(_ reader: SQLiteConnection) {
        // A reader left inside a transaction (a failed COMMIT and ROLLBACK) is not reused.
        let reusable = reader.isOpen && !reader.isInTransaction
        let keep: Bool = lock.withLock {
            if isClosed || !reusable {
                openCount -= 1
                lock.signal()
                return false
            }
            idle.append(reader)
            lock.signal()
            return true
        }
        if !keep {
            reader.close()
        }
    }
}
