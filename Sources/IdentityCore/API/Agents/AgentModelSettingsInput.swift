/// A request's `model_settings` (docs/reference/letta-api.md §2.4, §7.1 step 4): the provider-specific settings a
/// client may give instead of the deprecated flat fields. They are not stored as such — they
/// override the matching `llm_config` members, and `model_settings` is derived from
/// `llm_config` again on every read.
enum AgentModelSettingsInput {
    static let providerTypes = [
        "openai", "sglang", "anthropic", "google_ai", "google_vertex", "azure", "xai", "zai", "groq", "deepseek",
        "together", "bedrock", "baseten", "openrouter", "chatgpt_oauth",
    ]

    /// The `llm_config` members the settings set, checked for type; nil when the value is
    /// absent, null or invalid (issues recorded).
    static func read(_ body: JSONObject, at location: [LocationItem], validator: Validator) -> JSONObject? {
        guard let settings = validator.optionalObject(body, "model_settings", at: location) else { return nil }
        let here = location + ["model_settings"]
        var overrides = JSONObject()
        if let providerType = settings["provider_type"], providerType != .null {
            _ = validator.choice(providerType, allowed: providerTypes, at: here + ["provider_type"])
        }
        if let tokens = validator.optionalInt(settings, "max_output_tokens", at: here) {
            overrides["max_tokens"] = .int(Int64(tokens))
        }
        read(settings, "temperature", as: .number, into: "temperature", &overrides, here, validator)
        read(settings, "parallel_tool_calls", as: .boolean, into: "parallel_tool_calls", &overrides, here, validator)
        read(settings, "strict", as: .boolean, into: "strict", &overrides, here, validator)
        read(settings, "response_format", as: .any, into: "response_format", &overrides, here, validator)
        read(settings, "verbosity", as: .choice(["low", "medium", "high"]), into: "verbosity", &overrides, here, validator)
        read(settings, "effort", as: .choice(["low", "medium", "high", "max"]), into: "effort", &overrides, here, validator)
        if let thinking = validator.optionalObject(settings, "thinking", at: here) {
            let place = here + ["thinking"]
            if let type = validator.optionalChoice(thinking, "type", allowed: ["enabled", "disabled"], at: place) {
                overrides["enable_reasoner"] = .bool(type == "enabled")
            }
            read(thinking, "budget_tokens", as: .integer, into: "max_reasoning_tokens", &overrides, place, validator)
        }
        if let reasoning = validator.optionalObject(settings, "reasoning", at: here) {
            let efforts = ["none", "minimal", "low", "medium", "high", "xhigh"]
            read(reasoning, "reasoning_effort", as: .choice(efforts), into: "reasoning_effort", &overrides,
                 here + ["reasoning"], validator)
        }
        if let thinking = validator.optionalObject(settings, "thinking_config", at: here) {
            let place = here + ["thinking_config"]
            read(thinking, "include_thoughts", as: .boolean, into: "enable_reasoner", &overrides, place, validator)
            read(thinking, "thinking_budget", as: .integer, into: "max_reasoning_tokens", &overrides, place, validator)
        }
        return overrides
    }

    /// Copies the overrides into an llm_config.
    static func apply(_ overrides: JSONObject, to config: inout JSONObject) {
        for (key, value) in overrides { config[key] = value }
    }

    private static func read(
        _ object: JSONObject, _ key: String, as kind: ConfigField.Kind, into target: String,
        _ overrides: inout JSONObject, _ location: [LocationItem], _ validator: Validator
    ) {
        guard let value = object[key], value != .null else { return }
        if let checked = validator.configValue(value, kind: kind, at: location + [.key(key)]) {
            overrides[target] = checked
        }
    }
}
