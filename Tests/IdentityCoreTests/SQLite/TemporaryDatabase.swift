import Foundation

/// A unique database path under the temporary directory; `remove()` deletes it with its -wal/-shm files.
struct TemporaryDatabase {
    let path: String

    init() {
        path = FileManager.default.temporaryDirectory
            .appendingPathComponent("sqlite-test-\(UUID().uuidString).db").path
    }

    var exists: Bool { FileManager.default.fileExists(atPath: path) }

    func fileSize(suffix: String = "") -> Int? {
        let attributes = try? FileManager.default.attributesOfItem(atPath: path + suffix)
        return (attributes?[.size] as? NSNumber)?.intValue
    }

    func remove() {
        for suffix in ["", "-wal", "-shm", "-journal"] {
            try? FileManager.default.removeItem(atPath: path + suffix)
        }
    }
}
