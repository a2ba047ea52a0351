/// The `compaction_settings` an agent gets (docs/reference/letta-api.md §7.5). Nothing here summarises conversations,
/// so the summary prompt is `null` (clients never read it; SDK 1.x only requires `model`).
public enum CompactionDefaults {
    public static let modes = ["all", "sliding_window", "self_compact_all", "self_compact_sliding_window"]

    /// The CompactionSettings members in Letta's order with their defaults; `model` is filled
    /// with `summarizerHandle(for:)` when the client leaves it out.
    public static let fields: [ConfigField] = [
        ConfigField("model", .string, nullable: true, default: .null),
        ConfigField("model_settings", .object, nullable: true, default: .null),
        ConfigField("prompt", .string, nullable: true, default: .null),
        ConfigField("prompt_acknowledgement", .boolean, default: false),
        ConfigField("clip_chars", .integer, nullable: true, default: 50_000),
        ConfigField("mode", .choice(modes), default: "sliding_window"),
        ConfigField("sliding_window_percentage", .number, default: 0.3),
    ]

    private static let template = ConfigField.defaults(of: fields)

    /// The default summariser model for an agent's LLM config: by provider name (else
    /// endpoint type) Anthropic → claude-haiku-4-5, OpenAI → gpt-5-mini, Google AI →
    /// gemini-2.5-flash, Letta → letta/auto, anything else → the agent's own handle.
    public static func summarizerHandle(for llmConfig: JSONObject) -> String? {
        let provider = llmConfig["provider_name"]?.stringValue ?? llmConfig["model_endpoint_type"]?.stringValue
        switch provider {
        case "anthropic": return "anthropic/claude-haiku-4-5"
        case "openai": return "openai/gpt-5-mini"
        case "google_ai": return "google_ai/gemini-2.5-flash"
        case "letta": return "letta/auto"
        default: return llmConfig["handle"]?.stringValue
        }
    }

    /// The settings of an agent that asked for none.
    public static func make(for llmConfig: JSONObject) -> JSONObject {
        var settings = template
        settings["model"] = summarizerHandle(for: llmConfig).map(JSONValue.string) ?? .null
        return settings
    }
}
