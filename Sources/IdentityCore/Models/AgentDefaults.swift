/// Values an agent gets when the request leaves them out (docs/reference/letta-api.md §7.6–7.8), and the enumerations
/// agent fields are checked against.
public enum AgentDefaults {
    public static let agentType = "letta_v1_agent"

    /// Every `agent_type` value.
    public static let agentTypes = [
        "memgpt_agent", "memgpt_v2_agent", "letta_v1_agent", "react_agent", "workflow_agent", "split_thread_agent",
        "sleeptime_agent", "voice_convo_agent", "voice_sleeptime_agent",
    ]

    /// Every `last_stop_reason` value.
    public static let stopReasons = [
        "end_turn", "error", "llm_api_error", "invalid_llm_response", "invalid_tool_call", "max_steps",
        "max_tokens_exceeded", "no_tool_call", "tool_rule", "cancelled", "insufficient_credits", "requires_approval",
        "context_window_overflow_in_system_prompt",
    ]

    public static let timezone = "UTC"

    /// The tag that marks a sub-agent; such agents are created hidden.
    public static let subagentTag = "role:subagent"

    /// The tag that switches on `memory.git_enabled`.
    public static let gitMemoryTag = "git-memory-enabled"

    /// The system prompt of an agent created without one. This server runs no model, so the
    /// text only has to be a sensible prompt for whoever exports the agent elsewhere.
    public static let systemPrompt = """
        You are a helpful assistant with a persistent memory.
        Your memory is a set of labelled blocks that stay in your context: read them before you answer, \
        and update them when you learn something worth keeping about the person you talk with or about yourself.
        Be accurate and concise, and say so when you do not know something.
        """

    /// `max_files_open` and `per_file_view_window_char_limit` for a context window, used when
    /// the agent stores no explicit value (docs/reference/letta-api.md §7.8).
    public static func fileLimits(contextWindow: Int?) -> (maxFilesOpen: Int, perFileViewWindowCharLimit: Int) {
        guard let window = contextWindow else { return (5, 50_000) }
        switch window {
        case ...8_000: return (3, 5_000)
        case ...32_000: return (5, 15_000)
        case ...128_000: return (10, 25_000)
        case ...200_000: return (10, 40_000)
        default: return (15, 40_000)
        }
    }
}
