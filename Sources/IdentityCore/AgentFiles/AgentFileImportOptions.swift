import HTTPKit

/// The form fields and headers of `POST /v1/agents/import`, with Letta 0.16.8's defaults and
/// its older field names (`override_name`, `override_embedding_handle`,
/// `override_model_handle`, `env_vars_json`).
public struct AgentFileImportOptions: Sendable {
    /// `append_copy_suffix` (default true): names get `_copy` unless a name is given.
    public var appendCopySuffix = true
    /// `name` / `override_name`: the imported agent's name.
    public var name: String?
    /// `X-Project-Id` header, else the `project_id` field.
    public var projectID: String?
    /// `override_existing_tools` (default true). Tools are stored with their agent here, so an
    /// import never changes another agent's tools; the flag is read and validated.
    public var overrideExistingTools = true
    /// `strip_messages` (default false): import without messages.
    public var stripMessages = false
    /// `secrets` / `env_vars_json`: values for the file's blanked secrets.
    public var secrets: [(key: String, value: String)] = []
    /// `embedding` / `override_embedding_handle` / `x-override-embedding-model` header.
    public var embeddingHandle: ModelHandle?
    /// `model` / `override_model_handle`.
    public var modelHandle: ModelHandle?

    public init() {}

    /// Reads the options from the parsed form and the request's headers; 400 on a bad value.
    public init(form: MultipartFormData, headers: HTTPHeaders) throws(APIError) {
        func text(_ names: String...) -> String? {
            for name in names { if let part = form.first(name) { return part.text } }
            return nil
        }
        func flag(_ name: String, default value: Bool) throws(APIError) -> Bool {
            guard let raw = text(name) else { return value }
            switch raw.lowercased() {
            case "true", "1", "yes", "on", "t", "y": return true
            case "false", "0", "no", "off", "f", "n": return false
            default: throw APIError.badRequest("Invalid value for \(name): '\(raw)' is not a boolean")
            }
        }
        func handle(_ raw: String?, field: String) throws(APIError) -> ModelHandle? {
            guard let raw, !raw.isEmpty else { return nil }
            guard let handle = ModelHandle(raw) else {
                throw APIError.badRequest("Invalid value for \(field): '\(raw)' is not a provider/model handle")
            }
            return handle
        }
        appendCopySuffix = try flag("append_copy_suffix", default: true)
        overrideExistingTools = try flag("override_existing_tools", default: true)
        stripMessages = try flag("strip_messages", default: false)
        name = text("name", "override_name").flatMap { $0.isEmpty ? nil : $0 }
        projectID = headers["X-Project-Id"] ?? text("project_id").flatMap { $0.isEmpty ? nil : $0 }
        embeddingHandle = try handle(
            headers["x-override-embedding-model"] ?? text("embedding", "override_embedding_handle"), field: "embedding")
        modelHandle = try handle(text("model", "override_model_handle"), field: "model")
        if let raw = text("secrets", "env_vars_json"), !raw.isEmpty {
            guard case let .object(object)? = try? JSONParser.parse(raw) else {
                throw APIError.badRequest("secrets must be a JSON object")
            }
            for (key, value) in object {
                guard case let .string(text) = value else {
                    throw APIError.badRequest("secrets must be a JSON object of strings: '\(key)' is not a string")
                }
                secrets.append((key: key, value: text))
            }
        }
    }
}
