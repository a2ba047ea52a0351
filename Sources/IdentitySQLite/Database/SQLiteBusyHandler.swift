import CSQLite
import Glibc
import Synchronization

/// The busy handler of every connection, in place of `sqlite3_busy_timeout`: the same waits
/// (1, 2, 5 … 100 ms, up to the connection's timeout), and a process-wide count of the waits,
/// reported as `identity_server_sqlite_busy_retries_total`.
enum SQLiteBusyHandler {
    /// Waits taken because another connection held a lock, since the process started.
    static let retries = Atomic<UInt64>(0)

    private static let delaysMilliseconds: [Int] = [1, 2, 5, 10, 15, 20, 25, 25, 25, 50, 50, 100]

    /// Installs the handler with `timeoutMilliseconds` as its budget.
    static func install(on db: OpaquePointer, timeoutMilliseconds: Int32) {
        guard timeoutMilliseconds > 0 else {
            sqlite3_busy_handler(db, nil, nil)
            return
        }
        let context = UnsafeMutableRawPointer(bitPattern: Int(timeoutMilliseconds))
        sqlite3_busy_handler(db, { context, attempt in
            let timeout = Int(bitPattern: context)
            let table = SQLiteBusyHandler.delaysMilliseconds
            let index = Int(attempt)
            let delay = index < table.count ? table[index] : table[table.count - 1]
            let waited = index < table.count
                ? table.prefix(index).reduce(0, +)
                : table.reduce(0, +) + (index - table.count) * table[table.count - 1]
            guard waited + delay <= timeout else { return 0 }
            SQLiteBusyHandler.retries.wrappingAdd(1, ordering: .relaxed)
            usleep(UInt32(delay) * 1000)
            return 1
        }, context)
    }
}
