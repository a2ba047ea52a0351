import Foundation

/// Collects results from concurrent closures.
package final class Results: @unchecked Sendable {
    package init() {}

    private let lock = NSLock()
    private var stored: [Result<String, any Error>] = []

    package func append(_ result: Result<String, any Error>) {
        lock.lock()
        stored.append(result)
        lock.unlock()
    }

    package var values: [Result<String, any Error>] {
        lock.lock()
        defer { lock.unlock() }
        return stored
    }
}

/// SplitMix64: a small deterministic generator so failures reproduce.
package struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64

    package init(seed: UInt64) { state = seed }

    package mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var mixed = state
        mixed = (mixed ^ (mixed >> 30)) &* 0xBF58_476D_1CE4_E5B9
        mixed = (mixed ^ (mixed >> 27)) &* 0x94D0_49BB_1331_11EB
        return mixed ^ (mixed >> 31)
    }
}
