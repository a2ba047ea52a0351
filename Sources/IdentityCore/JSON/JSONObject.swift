import Glibc

/// An ordered JSON object: key/value pairs in insertion order with unique keys.
///
/// Keys are compared by their exact UTF-8 bytes (code points), as Python does, not by Swift's
/// Unicode canonical equivalence, so `"é"` and `"e\u{301}"` are different keys.
/// A repeated key keeps the position of its first occurrence and the value of its last one
/// (`init`, literals and the parser all apply this rule). Lookups are linear for small objects;
/// larger ones keep a hash index so parsing and lookup stay linear-time overall.
public struct JSONObject: Sendable, Equatable, Sequence {
    /// The members in order.
    public private(set) var pairs: [(key: String, value: JSONValue)]
    /// Position of each key in `pairs`, kept only once the object outgrows `indexThreshold`.
    private var index: [ObjectKey: Int]?

    /// Objects with more members than this get a hash index.
    private static let indexThreshold = 12

    /// Creates an object from pairs in order; a repeated key keeps its first position and its last value.
    public init(_ pairs: [(key: String, value: JSONValue)] = []) {
        self.pairs = []
        self.index = nil
        self.pairs.reserveCapacity(pairs.count)
        for pair in pairs {
            self[pair.key] = pair.value
        }
    }

    /// The keys in order.
    public var keys: [String] { pairs.map(\.key) }

    public var count: Int { pairs.count }

    public var isEmpty: Bool { pairs.isEmpty }

    /// The value for `key`. Setting a value replaces it in place or appends a new member;
    /// setting `nil` removes the member.
    public subscript(key: String) -> JSONValue? {
        get {
            guard let position = position(of: key) else { return nil }
            return pairs[position].value
        }
        set {
            if let newValue {
                set(newValue, for: key)
            } else if let position = position(of: key) {
                pairs.remove(at: position)
                if index != nil { rebuildIndex() }
            }
        }
    }

    public func contains(_ key: String) -> Bool {
        position(of: key) != nil
    }

    public func makeIterator() -> IndexingIterator<[(key: String, value: JSONValue)]> {
        pairs.makeIterator()
    }

    /// Same members in the same order.
    public static func == (lhs: JSONObject, rhs: JSONObject) -> Bool {
        guard lhs.pairs.count == rhs.pairs.count else { return false }
        for (left, right) in zip(lhs.pairs, rhs.pairs) {
            guard ObjectKey.bytesEqual(left.key, right.key), left.value == right.value else { return false }
        }
        return true
    }

    /// Replaces the value of an existing key in place or appends a new member.
    mutating func set(_ value: JSONValue, for key: String) {
        if let position = position(of: key) {
            pairs[position].value = value
            return
        }
        pairs.append((key: key, value: value))
        if index != nil {
            index![ObjectKey(key)] = pairs.count - 1
        } else if pairs.count > Self.indexThreshold {
            rebuildIndex()
        }
    }

    /// Reserves room for `count` members.
    mutating func reserveCapacity(_ count: Int) {
        pairs.reserveCapacity(count)
    }

    private func position(of key: String) -> Int? {
        if let index {
            return index[ObjectKey(key)]
        }
        return pairs.firstIndex { ObjectKey.bytesEqual($0.key, key) }
    }

    private mutating func rebuildIndex() {
        guard pairs.count > Self.indexThreshold else {
            index = nil
            return
        }
        var rebuilt = [ObjectKey: Int](minimumCapacity: pairs.count)
        for (position, pair) in pairs.enumerated() {
            rebuilt[ObjectKey(pair.key)] = position
        }
        index = rebuilt
    }
}

extension JSONObject: ExpressibleByDictionaryLiteral {
    /// An object literal; a repeated key keeps its first position and its last value.
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self.init(elements.map { (key: $0.0, value: $0.1) })
    }
}

extension JSONObject: CustomStringConvertible {
    /// The compact JSON encoding as a string.
    public var description: String { JSONValue.object(self).description }
}

/// A dictionary key that hashes and compares a string by its UTF-8 bytes.
private struct ObjectKey: Hashable, Sendable {
    let string: String

    init(_ string: String) { self.string = string }

    static func == (lhs: ObjectKey, rhs: ObjectKey) -> Bool {
        bytesEqual(lhs.string, rhs.string)
    }

    func hash(into hasher: inout Hasher) {
        var contiguous = string
        contiguous.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
        hasher.combine(string.utf8.count)
    }

    static func bytesEqual(_ lhs: String, _ rhs: String) -> Bool {
        let count = lhs.utf8.count
        guard count == rhs.utf8.count else { return false }
        let compared = lhs.utf8.withContiguousStorageIfAvailable { left in
            rhs.utf8.withContiguousStorageIfAvailable { right in
                count == 0 || memcmp(left.baseAddress!, right.baseAddress!, count) == 0
            }
        }
        if let equal = compared ?? nil { return equal }
        return lhs.utf8.elementsEqual(rhs.utf8)
    }
}
