/// A stored value that does not have the shape the store wrote: a bug, or a database changed
/// outside the server. Never shown to clients in detail: the API answers it with a generic 500
/// and the server reports it.
@usableFromInline
package struct StoreCorruption: Error, CustomStringConvertible {
    @usableFromInline
    package let description: String

    @usableFromInline
    package init(description: String) {
        self.description = description
    }
}
