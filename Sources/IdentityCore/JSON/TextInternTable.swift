import Glibc
import Synchronization

/// A bounded, thread-safe cache of values made from texts, keyed by the texts' exact bytes: a
/// text that repeats across many rows (an agent's `llm_config`, a common set of identity
/// properties) is decoded once and later reads share the decoded value.
///
/// At most `capacity` texts of at most `maximumTextLength` bytes each are kept; longer texts are
/// decoded every time, and a full table is emptied before the next text goes in, so memory stays
/// bounded whatever the stored texts are. Values must be immutable, as they are shared.
package final class TextInternTable<Value: Sendable>: Sendable {
    private struct Entry {
        package let text: [UInt8]
        package let value: Value
    }

    private struct Table {
        package var buckets: [Int: [Entry]] = [:]
        package var count = 0
    }

    package let capacity: Int
    package let maximumTextLength: Int
    private let table = Mutex(Table())

    package init(capacity: Int = 256, maximumTextLength: Int = 16 * 1024) {
        self.capacity = capacity
        self.maximumTextLength = maximumTextLength
    }

    /// The value `make` makes of `text`, from the table when this exact text was seen before.
    /// A text `make` rejects is not kept.
    package func value<Failure: Error>(
        of text: UnsafeBufferPointer<UInt8>, make: (UnsafeBufferPointer<UInt8>) throws(Failure) -> Value
    ) throws(Failure) -> Value {
        guard text.count <= maximumTextLength else { return try make(text) }
        let hash = Self.hash(text)
        let cached = table.withLock { table -> Value? in
            guard let bucket = table.buckets[hash] else { return nil }
            for entry in bucket where Self.equal(entry.text, text) { return entry.value }
            return nil
        }
        if let cached { return cached }
        let value = try make(text)
        table.withLock { table in
            if table.count >= capacity {
                table.buckets.removeAll(keepingCapacity: true)
                table.count = 0
            }
            table.buckets[hash, default: []].append(Entry(text: Array(text), value: value))
            table.count += 1
        }
        return value
    }

    /// How many texts the table holds.
    package var count: Int { table.withLock { $0.count } }

    /// Seeds `hash` per process, so which texts share a bucket cannot be planned from outside.
    private static var seed: UInt64 { TextInternSeed.value }

    /// A fast hash of `text`, eight bytes per step (`Hasher` costs several times more on the
    /// kilobyte-sized texts this table holds). Buckets are checked byte for byte, so a
    /// collision only costs a comparison.
    package static func hash(_ text: UnsafeBufferPointer<UInt8>) -> Int {
        let multiplier: UInt64 = 0x9E37_79B9_7F4A_7C15
        var state = seed ^ (UInt64(text.count) &* multiplier)
        guard let base = text.baseAddress else { return Int(truncatingIfNeeded: state) }
        let raw = UnsafeRawPointer(base)
        var index = 0
        while index + 8 <= text.count {
            state = (state ^ raw.loadUnaligned(fromByteOffset: index, as: UInt64.self)) &* multiplier
            state ^= state >> 29
            index += 8
        }
        var tail: UInt64 = 0
        while index < text.count {
            tail = (tail << 8) | UInt64(base[index])
            index += 1
        }
        state = (state ^ tail) &* multiplier
        state ^= state >> 32
        return Int(truncatingIfNeeded: state)
    }

    private static func equal(_ stored: [UInt8], _ text: UnsafeBufferPointer<UInt8>) -> Bool {
        guard stored.count == text.count else { return false }
        guard let base = text.baseAddress else { return true }
        return stored.withUnsafeBufferPointer { memcmp($0.baseAddress!, base, text.count) == 0 }
    }
}

/// The per-process hash seed of every `TextInternTable` (generic types cannot hold stored statics).
private enum TextInternSeed {
    package static let value = UInt64.random(in: .min ... .max)
}
