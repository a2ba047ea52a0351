/// Ready-made JSON of an agent's configuration objects, attached by reads that took the objects
/// from `AgentDocument`'s intern tables: most agents share the same few objects, so rendering
/// splices these bytes instead of writing the objects again for every agent.
///
/// Each member is exactly what writing the matching `Agent` property would produce, and `Agent`
/// drops a member when its property is set, so a changed object (PATCH) is written afresh.
struct AgentRenderedConfigs: Sendable {
    /// `llm_config` and the `model_settings` derived from it.
    var llmConfig: (config: [UInt8], modelSettings: [UInt8])?
    /// `embedding_config` (present only when the agent has one).
    var embeddingConfig: [UInt8]?
    /// `compaction_settings` as stored (present only when it is not null).
    var compactionSettings: [UInt8]?
}
