/// The decoded `name=value` pairs of a query string, in order; repeated names are kept
/// (`?tags=a&tags=b`). `+` decodes to a space and `%XX` to its byte, as HTML forms encode.
public struct QueryParameters: Sendable, Sequence {
    public typealias Item = (name: String, value: String)

    public private(set) var items: [Item]

    public init(_ items: [Item] = []) {
        self.items = items
    }

    /// Parses a raw query string (the part after `?`, without it).
    public init(parsing query: Substring) {
        items = []
        guard !query.isEmpty else { return }
        for pair in query.split(separator: "&", omittingEmptySubsequences: true) {
            if let equals = pair.firstIndex(of: "=") {
                let name = PercentDecoding.decode(pair[..<equals], plusAsSpace: true)
                let value = PercentDecoding.decode(pair[pair.index(after: equals)...], plusAsSpace: true)
                items.append((name: name, value: value))
            } else {
                items.append((name: PercentDecoding.decode(pair, plusAsSpace: true), value: ""))
            }
        }
    }

    public func makeIterator() -> IndexingIterator<[Item]> { items.makeIterator() }

    public var isEmpty: Bool { items.isEmpty }

    /// The first value given for `name`.
    public subscript(name: String) -> String? {
        items.first { $0.name == name }?.value
    }

    /// Every value given for `name`, in order.
    public func all(_ name: String) -> [String] {
        items.compactMap { $0.name == name ? $0.value : nil }
    }

    public func contains(_ name: String) -> Bool {
        items.contains { $0.name == name }
    }
}
