import IdentityCore

/// What the i-th seeded identity, agent and memory block look like. Deterministic in `i`
/// except for ids (random uuid4, as the API makes them) and timestamps (creation time).
///
/// Shape, chosen to exercise the list filters the way a multi-user app does:
/// - identity i: key `user_<i>`, type `user`, every other one with a `plan` property;
/// - agent i: linked to identity `i mod N`, odd agents also to a second identity, so an
///   identity has 1–3 agents; one or two tags from `tagVocabulary` (16 tags, so `?tags=T`
///   matches about 1/12 of the agents: ~80 of 1k, ~8k of 100k);
///   every fourth agent owns two memory blocks (`human`, `persona`).
struct SeedCorpus {
    static let tagVocabulary = [
        "support", "sales", "onboarding", "billing", "research", "travel", "health", "finance",
        "education", "legal", "marketing", "engineering", "design", "ops", "hr", "gaming",
    ]
    static let model = "anthropic/claude-3-5-sonnet-20241022"
    static let embedding = "openai/text-embedding-3-small"
    static let system = """
        You are a helpful assistant with persistent memory. Your core memory is made of labelled \
        blocks that are always in context; keep them short and up to date. Use the human block for \
        facts about the person you talk to and the persona block for how you behave. \
        Answer concisely and ask when something is unclear.
        """

    let identityCount: Int
    let organizationID = Actor.defaultOrganizationID
    let userID = Actor.defaultUserID

    func identifierKey(_ index: Int) -> String { "user_\(index)" }

    func identity(_ index: Int) -> Identity {
        let properties = index % 2 == 0
            ? [IdentityProperty(key: "plan", value: .string(index % 4 == 0 ? "pro" : "free"), type: .string)]
            : []
        return Identity(
            identifierKey: identifierKey(index), name: "User \(index)", identityType: .user,
            organizationID: organizationID, properties: properties
        )
    }

    /// Indexes of the identities agent `index` links to (one or two, distinct).
    func linkedIdentities(ofAgent index: Int) -> [Int] {
        let first = index % identityCount
        guard index % 2 == 1, identityCount > 1 else { return [first] }
        var second = (index &* 7919 &+ 13) % identityCount
        if second == first { second = (first + 1) % identityCount }
        return [first, second]
    }

    func tags(ofAgent index: Int) -> [String] {
        let vocabulary = Self.tagVocabulary
        let first = vocabulary[index % vocabulary.count]
        guard index % 3 == 0 else { return [first] }
        return [first, vocabulary[(index / 3 + 5) % vocabulary.count]]
    }

    /// The memory blocks agent `index` is created with (empty for three agents in four).
    func newBlocks(ofAgent index: Int) -> [Block] {
        guard index % 4 == 0 else { return [] }
        return [
            Block(
                organizationID: organizationID, label: "human",
                value: "Name: User \(index % identityCount)\nPrefers short answers.",
                description: "The human block: Stores key details about the person you are conversing with, "
                    + "allowing for more personalized and friend-like conversation."
            ),
            Block(
                organizationID: organizationID, label: "persona",
                value: "I am a friendly assistant for the \(tags(ofAgent: index)[0]) team.",
                description: "The persona block: Stores details about your current persona, guiding how you "
                    + "behave and respond. This helps you to maintain consistency and personality in your interactions."
            ),
        ]
    }

    /// Agent `index` as `POST /v1/agents/` with the seed guide's payload would store it.
    func agent(_ index: Int, identityIDs: [String], blocks: [Block]) -> Agent {
        var agent = Agent(
            organizationID: organizationID, name: "Agent \(index)", agentType: "letta_v1_agent",
            system: Self.system, llmConfig: Self.llmConfig
        )
        agent.embeddingConfig = Self.embeddingConfig
        agent.compactionSettings = Self.compactionSettings
        agent.createdByID = userID
        agent.lastUpdatedByID = userID
        agent.tags = tags(ofAgent: index)
        agent.identityIDs = identityIDs
        agent.blockIDs = blocks.map(\.id)
        return agent
    }

    /// llm_config for the seed's model handle with `context_window_limit: 200000` (spec §7.9).
    static let llmConfig: JSONObject = [
        "model": "claude-3-5-sonnet-20241022", "display_name": nil,
        "model_endpoint_type": "anthropic", "model_endpoint": "https://api.anthropic.com/v1",
        "provider_name": "anthropic", "provider_category": "base", "model_wrapper": nil,
        "context_window": 200000, "put_inner_thoughts_in_kwargs": false,
        "handle": .string(model), "temperature": 1.0,
        "max_tokens": 16384, "enable_reasoner": false, "reasoning_effort": nil,
        "max_reasoning_tokens": 0, "effort": nil, "frequency_penalty": nil,
        "compatibility_type": nil, "verbosity": nil, "tier": nil,
        "parallel_tool_calls": false, "response_format": nil, "strict": false,
        "return_logprobs": false, "top_logprobs": nil, "return_token_ids": false,
        "tool_call_parser": nil,
    ]

    /// embedding_config for `openai/text-embedding-3-small` (spec §7.9).
    static let embeddingConfig: JSONObject = [
        "embedding_endpoint_type": "openai", "embedding_endpoint": "https://api.openai.com/v1",
        "embedding_model": "text-embedding-3-small", "embedding_dim": 1536,
        "embedding_chunk_size": 300, "handle": .string(embedding),
        "batch_size": 32, "azure_endpoint": nil, "azure_version": nil, "azure_deployment": nil,
    ]

    /// Compaction defaults for an Anthropic agent (spec §7.5), with the product's null prompt.
    static let compactionSettings: JSONValue = [
        "model": "anthropic/claude-haiku-4-5", "model_settings": nil, "prompt": nil,
        "prompt_acknowledgement": false, "clip_chars": 50000, "mode": "sliding_window",
        "sliding_window_percentage": 0.3,
    ]
}
