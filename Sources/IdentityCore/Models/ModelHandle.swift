/// A `provider/model-name` handle (docs/reference/letta-api.md §7.2): the provider is the text before the first `/`,
/// the model name everything after it (which may contain more slashes). Both must be non-empty.
public struct ModelHandle: Sendable, Equatable {
    public let provider: String
    public let model: String
    /// The handle as the client wrote it.
    public let text: String

    public init?(_ text: String) {
        guard let slash = text.firstIndex(of: "/") else { return nil }
        let provider = text[..<slash]
        let model = text[text.index(after: slash)...]
        guard !provider.isEmpty, !model.isEmpty else { return nil }
        self.provider = String(provider)
        self.model = String(model)
        self.text = text
    }
}
