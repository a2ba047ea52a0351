/// The fields agent create and update requests share (docs/reference/letta-api.md §2.4, §2.5), read from a body object
/// with every problem recorded in the validator. `nil` means absent or null — "not given" on
/// create, "leave unchanged" on update.
struct AgentCommonFields {
    var name: String?
    var toolIDs: [String]?
    /// `source_ids` and `folder_ids` together.
    var sourceIDs: [String]?
    var blockIDs: [String]?
    var identityIDs: [String]?
    var toolRules: [JSONValue]?
    var tags: [String]?
    var system: String?
    var description: String?
    var metadata: JSONObject?
    /// `secrets`, else the deprecated `tool_exec_environment_variables`.
    var secrets: [(key: String, value: String)]?
    var projectID: String?
    var templateID: String?
    var baseTemplateID: String?
    var messageBufferAutoclear: Bool?
    var enableSleeptime: Bool?
    var model: String?
    var embedding: ModelHandle?
    /// The `llm_config` members `model_settings` overrides.
    var modelSettings: JSONObject?
    /// Normalised CompactionSettings; a null `model` is filled from the LLM config later.
    var compactionSettings: JSONObject?
    var contextWindowLimit: Int?
    var llmConfig: JSONObject?
    var embeddingConfig: JSONObject?
    var parallelToolCalls: Bool?
    var reasoning: Bool?
    var responseFormat: JSONValue?
    var maxTokens: Int?
    var timezone: String?
    var maxFilesOpen: Int?
    var perFileViewWindowCharLimit: Int?
    var hidden: Bool?

    /// The largest `per_file_view_window_char_limit` Letta accepts.
    static let maximumFileViewWindow = 2_147_483_647

    /// Reads the fields; `checksName` applies Letta's name rule (create only, docs/reference/letta-api.md §2.5).
    static func read(_ body: JSONObject, checksName: Bool, validator: Validator) -> AgentCommonFields {
        let at: [LocationItem] = ["body"]
        var fields = AgentCommonFields()
        fields.name = validator.optionalString(body, "name", at: at)
        if checksName, let name = fields.name, !name.isEmpty, !isValidName(name) {
            validator.add(
                "value_error", ["body", "name"],
                "Value error, Agent name '\(name)' contains invalid characters. Only letters (any language), digits, "
                    + "spaces, hyphens, underscores, and apostrophes are allowed.",
                input: .string(name)
            )
        }
        fields.toolIDs = validator.optionalIDArray(body, "tool_ids", kind: .tool, at: at)
        let sources = validator.optionalIDArray(body, "source_ids", kind: .source, at: at)
        let folders = validator.optionalIDArray(body, "folder_ids", kind: .source, at: at)
        if sources != nil || folders != nil { fields.sourceIDs = (sources ?? []) + (folders ?? []) }
        fields.blockIDs = validator.optionalIDArray(body, "block_ids", kind: .block, at: at).map { $0.uniqued() }
        fields.identityIDs = validator.optionalIDArray(body, "identity_ids", kind: .identity, at: at)
            .map { $0.uniqued() }
        fields.toolRules = validator.optionalObjectArray(body, "tool_rules", at: at)
        fields.tags = validator.optionalStringArray(body, "tags", at: at).map(Block.uniqueTags)
        fields.system = validator.optionalString(body, "system", at: at)
        fields.description = validator.optionalString(body, "description", at: at)
        fields.metadata = validator.optionalObject(body, "metadata", at: at)
        let environment = validator.optionalStringMap(body, "tool_exec_environment_variables", at: at)
        fields.secrets = validator.optionalStringMap(body, "secrets", at: at) ?? environment
        fields.projectID = validator.optionalString(body, "project_id", at: at)
        fields.templateID = validator.optionalString(body, "template_id", at: at)
        fields.baseTemplateID = validator.optionalString(body, "base_template_id", at: at)
        fields.messageBufferAutoclear = validator.optionalBool(body, "message_buffer_autoclear", at: at)
        fields.enableSleeptime = validator.optionalBool(body, "enable_sleeptime", at: at)
        fields.model = validator.optionalString(body, "model", at: at)
        fields.embedding = readEmbeddingHandle(body, validator: validator)
        fields.modelSettings = AgentModelSettingsInput.read(body, at: at, validator: validator)
        if let value = body["compaction_settings"], value != .null {
            fields.compactionSettings = validator.configObject(
                value, fields: CompactionDefaults.fields, at: at + ["compaction_settings"])
        }
        fields.contextWindowLimit = validator.optionalInt(body, "context_window_limit", at: at)
        if let value = body["llm_config"], value != .null {
            fields.llmConfig = validator.configObject(value, fields: LLMConfigBuilder.fields, at: at + ["llm_config"])
        }
        if let value = body["embedding_config"], value != .null {
            fields.embeddingConfig = validator.configObject(
                value, fields: EmbeddingConfigBuilder.fields, at: at + ["embedding_config"])
        }
        fields.parallelToolCalls = validator.optionalBool(body, "parallel_tool_calls", at: at)
        fields.reasoning = validator.optionalBool(body, "reasoning", at: at)
        if let value = body["response_format"], value != .null {
            fields.responseFormat = validator.object(value, at: at + ["response_format"]).map(JSONValue.object)
        }
        fields.maxTokens = validator.optionalInt(body, "max_tokens", at: at)
        fields.timezone = validator.optionalString(body, "timezone", at: at)
        fields.maxFilesOpen = validator.optionalInt(body, "max_files_open", at: at)
        fields.perFileViewWindowCharLimit = validator.optionalInt(body, "per_file_view_window_char_limit", at: at)
        fields.hidden = validator.optionalBool(body, "hidden", at: at)
        return fields
    }

    /// Letta's name rule `^[\w '\-]+$`: Unicode letters and digits, underscore, space,
    /// apostrophe and hyphen.
    static func isValidName(_ name: String) -> Bool {
        name.unicodeScalars.allSatisfy { scalar in
            scalar.properties.isAlphabetic || scalar.properties.numericType != nil
                || scalar == "_" || scalar == " " || scalar == "'" || scalar == "-"
        }
    }

    /// `embedding` must be a `provider/model` handle; otherwise a 422 value error (docs/reference/letta-api.md §2.4).
    private static func readEmbeddingHandle(_ body: JSONObject, validator: Validator) -> ModelHandle? {
        guard let text = validator.optionalString(body, "embedding", at: ["body"]) else { return nil }
        if let handle = ModelHandle(text) { return handle }
        validator.add(
            "value_error", ["body", "embedding"],
            "Value error, The embedding handle should be in the format provider/model-name", input: .string(text),
            context: JSONObject([("error", .string("The embedding handle should be in the format provider/model-name"))])
        )
        return nil
    }

    /// The model handle, or 400 when it is not `provider/model-name` (docs/reference/letta-api.md §4.3).
    func modelHandle() throws(APIError) -> ModelHandle? {
        guard let model else { return nil }
        guard let handle = ModelHandle(model) else {
            throw APIError.badRequest("INVALID_ARGUMENT: The model handle should be in the format provider/model-name")
        }
        return handle
    }

    /// The 400s for file limits (docs/reference/letta-api.md §4.3).
    func checkFileLimits() throws(APIError) {
        if let maxFilesOpen, maxFilesOpen > 1000 {
            throw APIError.badRequest("INVALID_ARGUMENT: max_files_open cannot exceed 1000. Got: \(maxFilesOpen)")
        }
        if let limit = perFileViewWindowCharLimit, limit > Self.maximumFileViewWindow {
            throw APIError.badRequest(
                "INVALID_ARGUMENT: per_file_view_window_char_limit cannot exceed \(Self.maximumFileViewWindow). Got: \(limit)"
            )
        }
    }

    /// This server has no tools or sources: any tool or source id names a missing object
    /// (404 naming them, docs/reference/decisions.md #4), checked before anything is written.
    func checkToolAndSourceIDs() throws(APIError) {
        if let toolIDs, !toolIDs.isEmpty {
            throw APIError(StoreError.missingReferences(kind: .tool, ids: toolIDs.uniqued()))
        }
        if let sourceIDs, !sourceIDs.isEmpty {
            throw APIError(StoreError.missingReferences(kind: .source, ids: sourceIDs.uniqued()))
        }
    }

    /// The compaction settings to store for an agent with `llmConfig`: the given ones with a
    /// missing model filled in, or the defaults.
    func resolvedCompactionSettings(for llmConfig: JSONObject) -> JSONObject {
        guard var settings = compactionSettings else { return CompactionDefaults.make(for: llmConfig) }
        if settings["model"] == nil || settings["model"] == .null {
            settings["model"] = CompactionDefaults.summarizerHandle(for: llmConfig).map(JSONValue.string) ?? .null
        }
        return settings
    }
}
