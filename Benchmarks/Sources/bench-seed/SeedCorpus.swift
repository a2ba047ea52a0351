import IdentityCore

/// What the i-th seeded identity, agent and memory block look like. Deterministic in `i`
/// except for ids (random uuid4, as the API makes them) and timestamps (creation time).
///
/// Shape, chosen to exercise the list filters the way a multi-user app does:
/// - identity i: key `user_<i>`, type `user`, every other one with a `plan` property;
/// - agent i: linked to identity `i mod N`, odd agents also to a second identity, so an
///   identity has 1–3 agents; one or two tags from `tagVocabulary` (16 tags, so `?tags=T`
///   matches about 1/12 of the agents: ~80 of 1k, ~8k of 100k);
///   every fourth agent owns two memory blocks (`human`, `persona`);
/// - hubs: identity `100g + 99` (one in a hundred) is linked to exactly the ten agents
///   `100g + 90 … 100g + 99` and to no other (the issue's `?identifier_keys=K` with 10 agents);
///   links that would land on a hub otherwise go to the identity just before it.
struct SeedCorpus {
    static let tagVocabulary = [
        "support", "sales", "onboarding", "billing", "research", "travel", "health", "finance",
        "education", "legal", "marketing", "engineering", "design", "ops", "hr", "gaming",
    ]
    static let model = "anthropic/claude-3-5-sonnet-20241022"
    static let embedding = "openai/text-embedding-3-small"

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

    /// Identities per hub group: identity `hubSpacing·g + hubSpacing − 1` is group g's hub.
    static let hubSpacing = 100
    /// Agents linked to each hub: the last `hubAgents` agents of the group.
    static let hubAgents = 10

    func isHub(_ identity: Int) -> Bool { identity % Self.hubSpacing == Self.hubSpacing - 1 }

    /// The hub agent `index` is linked to, if it is one of a hub's agents and that hub exists.
    func hub(ofAgent index: Int) -> Int? {
        guard index % Self.hubSpacing >= Self.hubSpacing - Self.hubAgents else { return nil }
        let hub = index - index % Self.hubSpacing + Self.hubSpacing - 1
        return hub < identityCount ? hub : nil
    }

    /// `identity` unless it is a hub, else the identity just before it (never a hub).
    private func nonHub(_ identity: Int) -> Int { isHub(identity) ? identity - 1 : identity }

    /// Indexes of the identities agent `index` links to (one or two, distinct; a hub only as
    /// the first link of its own ten agents).
    func linkedIdentities(ofAgent index: Int) -> [Int] {
        let first = hub(ofAgent: index) ?? nonHub(index % identityCount)
        guard index % 2 == 1, identityCount > 2 else { return [first] }
        var second = nonHub((index &* 7919 &+ 13) % identityCount)
        if second == first { second = nonHub((first + 2) % identityCount) }
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
                description: Block.defaultDescription(forLabel: "human"),
                createdByID: userID, lastUpdatedByID: userID
            ),
            Block(
                organizationID: organizationID, label: "persona",
                value: "I am a friendly assistant for the \(tags(ofAgent: index)[0]) team.",
                description: Block.defaultDescription(forLabel: "persona"),
                createdByID: userID, lastUpdatedByID: userID
            ),
        ]
    }

    /// Agent `index` as `POST /v1/agents/` with the seed guide's payload stores it: the configs
    /// come from the API's own builders (spec §7), so rows have the production size and shape.
    func agent(_ index: Int, identityIDs: [String], blocks: [Block]) -> Agent {
        var agent = Agent(
            organizationID: organizationID, name: "Agent \(index)", agentType: AgentDefaults.agentType,
            system: AgentDefaults.systemPrompt, llmConfig: Self.llmConfig
        )
        agent.embeddingConfig = Self.embeddingConfig
        agent.compactionSettings = .object(CompactionDefaults.make(for: Self.llmConfig))
        agent.createdByID = userID
        agent.lastUpdatedByID = userID
        agent.messageIDs = [ObjectID.generate(.message)]
        agent.tags = tags(ofAgent: index)
        agent.identityIDs = identityIDs
        agent.blockIDs = blocks.map(\.id)
        return agent
    }

    /// llm_config for the seed's handle with `context_window_limit: 200000`, reasoning normalised.
    static let llmConfig: JSONObject = {
        guard let handle = ModelHandle(model) else { fatalError("invalid model handle \(model)") }
        var config = LLMConfigBuilder.make(
            handle: handle, contextWindowLimit: 200_000, maxTokens: nil, maxReasoningTokens: nil, enableReasoner: true)
        LLMConfigBuilder.normalizeReasoning(&config, reasoning: LLMConfigBuilder.requestedReasoning(of: config))
        return config
    }()

    /// embedding_config for the seed's embedding handle.
    static let embeddingConfig: JSONObject = {
        guard let handle = ModelHandle(embedding) else { fatalError("invalid embedding handle \(embedding)") }
        return EmbeddingConfigBuilder.make(handle: handle, chunkSize: nil)
    }()
}
