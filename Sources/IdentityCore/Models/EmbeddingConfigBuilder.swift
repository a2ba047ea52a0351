/// Builds the `embedding_config` object of an agent from an embedding handle (docs/reference/letta-api.md §2.3, §7.1).
/// Like model handles, any well-formed `provider/model` handle is accepted (docs/reference/decisions.md #5).
public enum EmbeddingConfigBuilder {
    /// Every `embedding_endpoint_type` value Letta accepts.
    public static let endpointTypes: [String] = [
        "openai", "anthropic", "bedrock", "google_ai", "google_vertex", "azure", "groq", "ollama", "webui",
        "webui-legacy", "lmstudio", "lmstudio-legacy", "llamacpp", "koboldcpp", "vllm", "hugging-face", "mistral",
        "together", "pinecone",
    ]

    public static let defaultChunkSize = 300

    /// The EmbeddingConfig members in Letta's order with their defaults.
    public static let fields: [ConfigField] = [
        ConfigField("embedding_endpoint_type", .choice(endpointTypes)),
        ConfigField("embedding_endpoint", .string, nullable: true, default: .null),
        ConfigField("embedding_model", .string),
        ConfigField("embedding_dim", .integer),
        ConfigField("embedding_chunk_size", .integer, nullable: true, default: .int(Int64(defaultChunkSize))),
        ConfigField("handle", .string, nullable: true, default: .null),
        ConfigField("batch_size", .integer, default: 32),
        ConfigField("azure_endpoint", .string, nullable: true, default: .null),
        ConfigField("azure_version", .string, nullable: true, default: .null),
        ConfigField("azure_deployment", .string, nullable: true, default: .null),
    ]

    private static let template = ConfigField.defaults(of: fields)

    /// 3072 for OpenAI's large embedding model, else 1536 (OpenAI small/ada and the fallback).
    public static func dimension(model: String) -> Int {
        model == "text-embedding-3-large" ? 3072 : 1536
    }

    public static func make(handle: ModelHandle, chunkSize: Int?) -> JSONObject {
        let endpointType = endpointTypes.contains(handle.provider) ? handle.provider : "openai"
        var config = template
        config["embedding_endpoint_type"] = .string(endpointType)
        config["embedding_endpoint"] = .string(LLMConfigBuilder.endpointURL(forEndpointType: endpointType))
        config["embedding_model"] = .string(handle.model)
        config["embedding_dim"] = .int(Int64(dimension(model: handle.model)))
        config["embedding_chunk_size"] = .int(Int64(chunkSize ?? defaultChunkSize))
        config["handle"] = .string(handle.text)
        return config
    }
}
