/// Builds the `llm_config` object of an agent from a model handle (docs/reference/letta-api.md §7.2, docs/reference/decisions.md #5).
///
/// There is no model catalogue: any well-formed `provider/model` handle is accepted and the
/// configuration is synthesised from it — the model name is the text after the first `/`, the
/// endpoint type is the provider when it is a known endpoint type (else `openai`), and the
/// context window and output-token defaults follow Letta's provider defaults.
public enum LLMConfigBuilder {
    /// Every `model_endpoint_type` value Letta accepts.
    public static let endpointTypes: [String] = [
        "openai", "anthropic", "google_ai", "google_vertex", "azure", "groq", "ollama", "webui", "webui-legacy",
        "lmstudio", "lmstudio-legacy", "lmstudio-chatcompletions", "llamacpp", "koboldcpp", "vllm", "hugging-face",
        "minimax", "mistral", "together", "bedrock", "deepseek", "xai", "zai", "zai_coding", "baseten", "fireworks",
        "openrouter", "chatgpt_oauth",
    ]

    /// The context window of a handle-derived config when the request gives no limit.
    public static let defaultContextWindow = 128_000

    /// The LLMConfig members in Letta's order with their defaults (docs/reference/letta-api.md §2.3).
    public static let fields: [ConfigField] = [
        ConfigField("model", .string),
        ConfigField("display_name", .string, nullable: true, default: .null),
        ConfigField("model_endpoint_type", .choice(endpointTypes)),
        ConfigField("model_endpoint", .string, nullable: true, default: .null),
        ConfigField("provider_name", .string, nullable: true, default: .null),
        ConfigField("provider_category", .choice(["base", "byok"]), nullable: true, default: .null),
        ConfigField("model_wrapper", .string, nullable: true, default: .null),
        ConfigField("context_window", .integer),
        ConfigField("put_inner_thoughts_in_kwargs", .boolean, nullable: true, default: false),
        ConfigField("handle", .string, nullable: true, default: .null),
        ConfigField("temperature", .number, default: 1.0),
        ConfigField("max_tokens", .integer, nullable: true, default: .null),
        ConfigField("enable_reasoner", .boolean, default: true),
        ConfigField(
            "reasoning_effort", .choice(["none", "minimal", "low", "medium", "high", "xhigh"]), nullable: true,
            default: .null
        ),
        ConfigField("max_reasoning_tokens", .integer, default: 0),
        ConfigField("effort", .choice(["low", "medium", "high", "max"]), nullable: true, default: .null),
        ConfigField("frequency_penalty", .number, nullable: true, default: .null),
        ConfigField("compatibility_type", .choice(["gguf", "mlx"]), nullable: true, default: .null),
        ConfigField("verbosity", .choice(["low", "medium", "high"]), nullable: true, default: .null),
        ConfigField("tier", .string, nullable: true, default: .null),
        ConfigField("parallel_tool_calls", .boolean, nullable: true, default: false),
        ConfigField("response_format", .any, nullable: true, default: .null),
        ConfigField("strict", .boolean, default: false),
        ConfigField("return_logprobs", .boolean, default: false),
        ConfigField("top_logprobs", .integer, nullable: true, default: .null),
        ConfigField("return_token_ids", .boolean, default: false),
        ConfigField("tool_call_parser", .string, nullable: true, default: .null),
    ]

    private static let template = ConfigField.defaults(of: fields)

    /// The endpoint type a provider name maps to: itself when Letta knows it, else `openai`.
    public static func endpointType(forProvider provider: String) -> String {
        endpointTypes.contains(provider) ? provider : "openai"
    }

    /// The provider's base URL: Anthropic's and OpenAI's real ones, else `https://api.<type>.com/v1`.
    public static func endpointURL(forEndpointType type: String) -> String {
        switch type {
        case "anthropic": "https://api.anthropic.com/v1"
        case "openai": "https://api.openai.com/v1"
        default: "https://api.\(type).com/v1"
        }
    }

    /// Letta's provider default for `max_tokens`.
    public static func defaultMaxTokens(endpointType: String, model: String) -> Int {
        switch endpointType {
        case "anthropic":
            if model.contains("claude-opus-4-6") || model.contains("claude-sonnet-4-6") { return 21_000 }
            if model.contains("opus") || model.contains("sonnet") { return 16_384 }
            return 8_192
        case "openai":
            let isLargeGPT5 = ["gpt-5.2", "gpt-5.3", "gpt-5.4"].contains { model.hasPrefix($0) }
            return isLargeGPT5 && !model.contains("-chat") ? 128_000 : 16_384
        default:
            return 4_096
        }
    }

    /// A fresh config for `handle` (before reasoning normalisation and `model_settings`).
    /// `maxReasoningTokens`/`enableReasoner` are the deprecated request fields.
    public static func make(
        handle: ModelHandle, contextWindowLimit: Int?, maxTokens: Int?, maxReasoningTokens: Int?, enableReasoner: Bool
    ) -> JSONObject {
        let endpointType = endpointType(forProvider: handle.provider)
        var config = template
        config["model"] = .string(handle.model)
        config["model_endpoint_type"] = .string(endpointType)
        config["model_endpoint"] = .string(endpointURL(forEndpointType: endpointType))
        config["provider_name"] = .string(handle.provider)
        config["provider_category"] = "base"
        config["context_window"] = .int(Int64(contextWindowLimit ?? defaultContextWindow))
        config["handle"] = .string(handle.text)
        config["max_tokens"] = .int(Int64(maxTokens ?? defaultMaxTokens(endpointType: endpointType, model: handle.model)))
        config["enable_reasoner"] = .bool(enableReasoner)
        config["max_reasoning_tokens"] = .int(Int64(maxReasoningTokens ?? 0))
        return config
    }
}
