extension LLMConfigBuilder {
    /// Applies Letta's reasoning normalisation for the model family (docs/reference/letta-api.md §7.3). `reasoning` is
    /// the request's `reasoning` value, else `enable_reasoner || put_inner_thoughts_in_kwargs`
    /// of the config (see `requestedReasoning(of:)`). The rules are applied for every agent type.
    public static func normalizeReasoning(_ config: inout JSONObject, reasoning: Bool) {
        let model = config["model"]?.stringValue ?? ""
        let endpointType = config["model_endpoint_type"]?.stringValue ?? ""
        let maxReasoningTokens = config["max_reasoning_tokens"]?.intValue ?? 0

        if isOpenAIReasoningModel(model) {
            config["enable_reasoner"] = true
            config["put_inner_thoughts_in_kwargs"] = false
            if config["reasoning_effort"] == nil || config["reasoning_effort"] == .null {
                config["reasoning_effort"] = .string(defaultReasoningEffort(model))
            }
            if model.hasPrefix("gpt-5"), config["verbosity"] == nil || config["verbosity"] == .null {
                config["verbosity"] = "medium"
            }
        } else if isAnthropicReasoningModel(model, endpointType: endpointType)
            || (model.hasPrefix("gemini-2.5-flash") && (endpointType == "google_ai" || endpointType == "google_vertex"))
        {
            config["enable_reasoner"] = .bool(reasoning)
            config["put_inner_thoughts_in_kwargs"] = false
            let fixedBudget = model.hasPrefix("claude-opus-4-6") || model.hasPrefix("claude-sonnet-4-6")
            if reasoning && maxReasoningTokens == 0 && !fixedBudget {
                config["max_reasoning_tokens"] = 1024
            }
            let takesEffort = ["claude-opus-4-5", "claude-opus-4-6", "claude-sonnet-4-6"].contains { model.hasPrefix($0) }
            if takesEffort, config["effort"] == nil || config["effort"] == .null {
                config["effort"] = "medium"
            }
        } else if (endpointType == "zai" || endpointType == "zai_coding") && isGLM45OrLater(model)
            || endpointType == "openrouter" || endpointType == "baseten"
        {
            config["enable_reasoner"] = .bool(reasoning)
            config["put_inner_thoughts_in_kwargs"] = false
        } else if model.hasPrefix("gemini-2.5-pro") || model.hasPrefix("gemini-3") {
            config["enable_reasoner"] = true
            config["max_reasoning_tokens"] = .int(max(maxReasoningTokens, 1024))
        } else {
            config["enable_reasoner"] = false
            config["put_inner_thoughts_in_kwargs"] = false
            config["max_reasoning_tokens"] = 0
        }
    }

    /// The reasoning switch a config asks for when the request gives no `reasoning`.
    public static func requestedReasoning(of config: JSONObject) -> Bool {
        (config["enable_reasoner"]?.boolValue ?? false) || (config["put_inner_thoughts_in_kwargs"]?.boolValue ?? false)
    }

    static func isOpenAIReasoningModel(_ model: String) -> Bool {
        ["o1", "o3", "o4", "gpt-5"].contains { model.hasPrefix($0) }
    }

    static func isAnthropicReasoningModel(_ model: String, endpointType: String) -> Bool {
        guard endpointType == "anthropic" || endpointType == "bedrock" else { return false }
        return ["claude-3-7-sonnet", "claude-sonnet-4", "claude-opus-4", "claude-haiku-4-5"].contains { model.hasPrefix($0) }
    }

    /// `none` for gpt-5.1–5.4, `minimal` for other gpt-5 models (not codex), else `medium`.
    static func defaultReasoningEffort(_ model: String) -> String {
        if ["gpt-5.1", "gpt-5.2", "gpt-5.3", "gpt-5.4"].contains(where: { model.hasPrefix($0) }) { return "none" }
        if model.hasPrefix("gpt-5") && !model.contains("codex") { return "minimal" }
        return "medium"
    }

    /// `glm-4.5`, `glm-4.6-air`, `glm-5`, … (version 4.5 or later).
    static func isGLM45OrLater(_ model: String) -> Bool {
        guard model.hasPrefix("glm-") else { return false }
        let version = model.dropFirst(4).prefix { $0.isNumber || $0 == "." }
        let parts = version.split(separator: ".", omittingEmptySubsequences: false)
        guard let major = parts.first.flatMap({ Int($0) }) else { return false }
        let minor = parts.count > 1 ? Int(parts[1]) ?? 0 : 0
        return major > 4 || (major == 4 && minor >= 5)
    }
}
