/// Writes an agent's `model_settings`, derived from its `llm_config` on every read (docs/reference/letta-api.md §7.4):
/// the ModelSettings variant of the endpoint type, or `null` for endpoint types without one.
enum AgentModelSettingsJSON {
    static func write(llmConfig config: JSONObject, to writer: inout JSONWriter) {
        let type = config["model_endpoint_type"]?.stringValue ?? ""
        let maxTokens = nonZero(config["max_tokens"])
        let reasoningTokens = nonZero(config["max_reasoning_tokens"])
        let reasoner = config["enable_reasoner"]?.boolValue ?? false
        func common(_ providerType: String, defaultMaxTokens: Int64 = 4096) {
            writer.beginObject()
            writer.field("max_output_tokens", maxTokens ?? defaultMaxTokens)
            writer.field("parallel_tool_calls", true)
            writer.field("provider_type", providerType)
            writer.field("temperature", .double(config["temperature"]?.doubleValue ?? 1.0))
        }
        switch type {
        case "anthropic":
            common("anthropic")
            writer.key("thinking")
            writer.beginObject()
            writer.field("type", reasoner ? "enabled" : "disabled")
            writer.field("budget_tokens", reasoningTokens ?? 1024)
            writer.endObject()
            writer.field("response_format", JSONValue.null)
            writer.field("verbosity", config["verbosity"] ?? .null)
            writer.field("effort", config["effort"] ?? .null)
            writer.field("strict", config["strict"]?.boolValue ?? false)
        case "openai":
            common("openai")
            writer.key("reasoning")
            writer.beginObject()
            writer.field("reasoning_effort", config["reasoning_effort"]?.stringValue ?? "minimal")
            writer.endObject()
            writer.field("response_format", JSONValue.null)
            writer.field("strict", config["strict"]?.boolValue ?? false)
        case "google_ai", "google_vertex":
            common(type, defaultMaxTokens: 65_536)
            writer.key("thinking_config")
            writer.beginObject()
            writer.field("include_thoughts", reasoningTokens != nil)
            writer.field("thinking_budget", reasoningTokens ?? 1024)
            writer.endObject()
            writer.field("response_schema", JSONValue.null)
        case "azure", "xai", "groq", "deepseek", "together", "bedrock", "openrouter":
            common(type)
            writer.field("response_format", JSONValue.null)
        case "baseten":
            common(type)
        case "zai", "zai_coding":
            common("zai")
            writer.field("response_format", JSONValue.null)
            writer.key("thinking")
            writer.beginObject()
            writer.field("type", reasoner ? "enabled" : "disabled")
            writer.field("clear_thinking", false)
            writer.endObject()
        case "chatgpt_oauth":
            common(type)
            writer.key("reasoning")
            writer.beginObject()
            writer.field("reasoning_effort", config["reasoning_effort"]?.stringValue ?? "medium")
            writer.endObject()
        default:
            writer.null()
            return
        }
        writer.endObject()
    }

    /// Python's `value or default`: a zero or missing integer counts as unset.
    private static func nonZero(_ value: JSONValue?) -> Int64? {
        guard let number = value?.intValue, number != 0 else { return nil }
        return number
    }
}
