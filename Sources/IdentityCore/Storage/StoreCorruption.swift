/// A stored value that does not have the shape the store wrote: a bug, or a database changed
/// outside the server. Never shown to clients in detail: the API answers it with a generic 500
/// and the server reports it.
package struct StoreCorruption: Error, CustomStringConvertible {
    package let description: String

    package init(description: String) {
        self.description = description
    }
}
