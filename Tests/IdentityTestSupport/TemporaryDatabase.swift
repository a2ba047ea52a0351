import Foundation
@testable import IdentitySQLite
@testable import IdentityCore
@testable import IdentityPostgres

/// A unique database path under the temporary directory; `remove()` deletes it with its -wal/-shm files.
package struct TemporaryDatabase {
    package let path: String

    package init() {
        path = FileManager.default.temporaryDirectory
            .appendingPathComponent("sqlite-test-\(UUID().uuidString).db").path
    }

    package var exists: Bool { FileManager.default.fileExists(atPath: path) }

    package func fileSize(suffix: String = "") -> Int? {
        let attributes = try? FileManager.default.attributesOfItem(atPath: path + suffix)
        return (attributes?[.size] as? NSNumber)?.intValue
    }

    package func remove() {
        for suffix in ["", "-wal", "-shm", "-journal"] {
            try? FileManager.default.removeItem(atPath: path + suffix)
        }
    }
}

/// Values appended from several threads.
package final class LockedList<Element>: @unchecked Sendable {
    package init() {}

    private let lock = NSLock()
    private var items: [Element] = []

    package func append(_ item: Element) {
        lock.lock()
        items.append(item)
        lock.unlock()
    }

    package var values: [Element] {
        lock.lock()
        defer { lock.unlock() }
        return items
    }
}

/// Runs `body` on a fresh thread. Tests that block threads on semaphores use this rather than the global
/// dispatch queue, whose pool on a 2-core machine only grows after a delay when its threads are blocked.
package func onNewThread(_ body: @escaping @Sendable () -> Void) {
    Thread.detachNewThread(body)
}
