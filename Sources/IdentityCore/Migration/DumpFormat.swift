/// The dump format of `identity-server export` / `import`: JSON Lines (UTF-8, one compact JSON
/// object per line, `\n` after each). The first line is the header
/// `{"format":"identity-server-dump","version":1,"organization_id":"org-…"}` (`null` for a dump of
/// every organization). Each further line is one object with a `kind` member, in this order:
/// `organization`, then `block`, `identity`, `agent` lines, each kind ordered by `(created_at,
/// id)`, organizations one after the other. Member names are those of the Letta API objects, plus
/// `organization_id` and `created_at` on every object (organizations carry only `id` and `name`:
/// the default organization exists in every database with its own creation time, and dumps of
/// two databases holding the same data must be equal) and the links each object owns: an identity's
/// `block_ids`, an agent's `tags`, `identity_ids` and `block_ids` (attachment order). Each
/// organization's `api_key` lines follow its agents (the SHA-256 of the secret, never the secret). Readers
/// ignore members they do not know, so later versions may add members; a new version number
/// means a reader of the old version would lose data. docs/migrating.md documents every member.
///
/// Version 2 adds to agent lines `tools` (the agent's tools, Letta's Tool objects, or null) and
/// `agent_file_parts` (the agent-file parts kept for the agent — messages and the rest of an agent
/// file, see `AgentFileParts` — or null). Version 1 dumps are still read: their agents' tools and
/// parts in the target are left as they are.
public enum DumpFormat {
    public static let name = "identity-server-dump"
    public static let version = 2
    /// The versions `import` reads.
    public static let readableVersions: ClosedRange<Int64> = 1...2

    public static func header(organizationID: String?) -> [UInt8] {
        var writer = JSONWriter(capacity: 128)
        writer.beginObject()
        writer.field("format", name)
        writer.field("version", version)
        writer.field("organization_id", organizationID)
        writer.endObject()
        return writer.bytes
    }

    public static func line(_ organization: Organization) -> [UInt8] {
        var writer = JSONWriter(capacity: 128)
        writer.beginObject()
        writer.field("kind", "organization")
        writer.field("id", organization.id)
        writer.field("name", organization.name)
        writer.endObject()
        return writer.bytes
    }

    public static func line(_ block: Block) -> [UInt8] {
        var writer = JSONWriter(capacity: 512 + block.value.utf8.count)
        writer.beginObject()
        writer.field("kind", "block")
        writer.field("id", block.id)
        writer.field("organization_id", block.organizationID)
        writer.field("created_at", block.createdAt.iso8601)
        writer.field("created_by_id", block.createdByID)
        writer.field("last_updated_by_id", block.lastUpdatedByID)
        writer.field("label", block.label)
        writer.field("value", block.value)
        writer.field("limit", block.limit)
        writer.field("description", block.description)
        writer.field("metadata", .object(block.metadata))
        writer.key("tags")
        writer.stringArray(block.tags)
        writer.field("project_id", block.projectID)
        writer.field("template_name", block.templateName)
        writer.field("is_template", block.isTemplate)
        writer.field("template_id", block.templateID)
        writer.field("base_template_id", block.baseTemplateID)
        writer.field("deployment_id", block.deploymentID)
        writer.field("entity_id", block.entityID)
        writer.field("preserve_on_migration", block.preserveOnMigration)
        writer.field("read_only", block.readOnly)
        writer.field("hidden", block.hidden)
        writer.endObject()
        return writer.bytes
    }

    public static func line(_ identity: Identity) -> [UInt8] {
        var writer = JSONWriter(capacity: 512)
        writer.beginObject()
        writer.field("kind", "identity")
        writer.field("id", identity.id)
        writer.field("organization_id", identity.organizationID)
        writer.field("created_at", identity.createdAt.iso8601)
        writer.field("identifier_key", identity.identifierKey)
        writer.field("name", identity.name)
        writer.field("identity_type", identity.identityType.rawValue)
        writer.field("project_id", identity.projectID)
        writer.key("properties")
        IdentityPropertiesJSON.write(identity.properties, to: &writer)
        writer.key("block_ids")
        writer.stringArray(identity.blockIDs)
        writer.endObject()
        return writer.bytes
    }

    public static func line(_ key: APIKey) -> [UInt8] {
        var writer = JSONWriter(capacity: 256)
        writer.beginObject()
        writer.field("kind", "api_key")
        writer.field("id", key.id)
        writer.field("organization_id", key.organizationID)
        writer.field("created_at", key.createdAt.iso8601)
        writer.field("name", key.name)
        writer.field("secret_sha256", key.secretDigest.map { byte in
            let digits = String(byte, radix: 16)
            return byte < 16 ? "0" + digits : digits
        }.joined())
        writer.field("revoked_at", key.revokedAt?.iso8601)
        writer.endObject()
        return writer.bytes
    }

    /// An agent line; `parts` is the agent's parts document (`AgentFileStore.agentFileParts`).
    public static func line(_ agent: Agent, parts: String? = nil) -> [UInt8] {
        var writer = JSONWriter(capacity: 4096 + agent.system.utf8.count + (agent.toolsJSON?.count ?? 0) + (parts?.utf8.count ?? 0))
        writer.beginObject()
        writer.field("kind", "agent")
        writer.field("id", agent.id)
        writer.field("organization_id", agent.organizationID)
        writer.field("created_at", agent.createdAt.iso8601)
        writer.field("updated_at", agent.updatedAt.iso8601)
        writer.field("created_by_id", agent.createdByID)
        writer.field("last_updated_by_id", agent.lastUpdatedByID)
        writer.field("name", agent.name)
        writer.field("agent_type", agent.agentType)
        writer.field("system", agent.system)
        writer.field("description", agent.description)
        writer.field("metadata", agent.metadata)
        writer.field("llm_config", .object(agent.llmConfig))
        writer.field("embedding_config", agent.embeddingConfig.map(JSONValue.object) ?? .null)
        writer.field("compaction_settings", agent.compactionSettings)
        writer.field("response_format", agent.responseFormat)
        writer.field("tool_rules", .array(agent.toolRules))
        writer.key("message_ids")
        writer.stringArray(agent.messageIDs)
        writer.key("secrets")
        writer.beginArray()
        for secret in agent.secrets {
            writer.beginObject()
            writer.field("key", secret.key)
            writer.field("value", secret.value)
            writer.endObject()
        }
        writer.endArray()
        writer.field("project_id", agent.projectID)
        writer.field("template_id", agent.templateID)
        writer.field("base_template_id", agent.baseTemplateID)
        writer.field("deployment_id", agent.deploymentID)
        writer.field("entity_id", agent.entityID)
        writer.field("hidden", agent.hidden)
        writer.field("last_run_completion", agent.lastRunCompletion?.iso8601)
        writer.field("last_run_duration_ms", agent.lastRunDurationMs)
        writer.field("last_stop_reason", agent.lastStopReason)
        writer.field("timezone", agent.timezone)
        writer.field("max_files_open", agent.maxFilesOpen)
        writer.field("per_file_view_window_char_limit", agent.perFileViewWindowCharLimit)
        writer.field("message_buffer_autoclear", agent.messageBufferAutoclear)
        writer.field("enable_sleeptime", agent.enableSleeptime)
        writer.key("tags")
        writer.stringArray(agent.tags)
        writer.key("identity_ids")
        writer.stringArray(agent.identityIDs)
        writer.key("block_ids")
        writer.stringArray(agent.blockIDs)
        writer.key("tools")
        if let tools = agent.toolsJSON { writer.raw(tools) } else { writer.null() }
        writer.key("agent_file_parts")
        if let parts { writer.raw(Array(parts.utf8)) } else { writer.null() }
        writer.endObject()
        return writer.bytes
    }

    /// The parts document of a decoded agent line: `.some(nil)` when the line says the agent has
    /// none, nil when the line does not say (version 1).
    public static func parts(of json: JSONValue) throws -> String?? {
        guard case .object(let object) = json, let member = object["agent_file_parts"] else { return nil }
        switch member {
        case .null: return .some(nil)
        case .object: return .some(String(decoding: member.encoded, as: UTF8.self))
        default: throw MalformedRecord("agent \(object["id"]?.stringValue ?? "(no id)"): \"agent_file_parts\" must be an object or null")
        }
    }
}

/// One line of a dump after its header, decoded up to its kind (see `DumpFormat`).
public enum DumpEntry: Sendable {
    case organization(Organization)
    case apiKey(APIKey)
    /// A block, identity or agent line: its kind, its organization and the whole line, which
    /// `RecordDecoding` turns into the object (for the target organization).
    case object(kind: ObjectKind, organizationID: String, json: JSONValue)
}

/// Reads a dump line by line: the header first (`readHeader`), then entries (`entry`).
public enum DumpReader {
    /// The header's organization id (nil: every organization). Rejects other formats and versions.
    public static func readHeader(_ line: [UInt8]) throws -> String? {
        let json: JSONValue
        do { json = try JSONParser.parse(line) } catch { throw MalformedRecord("line 1: not JSON (\(error))") }
        guard json["format"]?.stringValue == DumpFormat.name else {
            throw MalformedRecord("line 1: not an identity-server dump (no \"format\":\"\(DumpFormat.name)\" header)")
        }
        guard let version = json["version"]?.intValue, DumpFormat.readableVersions.contains(version) else {
            throw MalformedRecord(
                "line 1: dump version \(json["version"]?.description ?? "?") is not supported (this server reads versions "
                    + "\(DumpFormat.readableVersions.lowerBound) to \(DumpFormat.readableVersions.upperBound))")
        }
        return json["organization_id"]?.stringValue
    }

    public static func entry(_ line: [UInt8], number: Int) throws -> DumpEntry {
        let json: JSONValue
        do { json = try JSONParser.parse(line) } catch { throw MalformedRecord("line \(number): not JSON (\(error))") }
        let reader = try RecordReader(json, kind: "line \(number)")
        switch try reader.string("kind") {
        case "organization":
            return .organization(
                Organization(id: try reader.string("id"), name: try reader.string("name")))
        case "api_key":
            let hex = Array(try reader.string("secret_sha256").utf8)
            let digits = hex.compactMap { byte -> UInt8? in
                switch byte {
                case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
                case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
                default: nil
                }
            }
            guard hex.count == 64, digits.count == 64 else { throw reader.fail("secret_sha256", "64 lowercase hex digits") }
            let digest = stride(from: 0, to: 64, by: 2).map { digits[$0] << 4 | digits[$0 + 1] }
            return .apiKey(
                APIKey(
                    id: try reader.id("id", kind: .apiKey), organizationID: try reader.string("organization_id"),
                    name: try reader.optionalString("name"), secretDigest: digest, createdAt: try reader.timestamp("created_at"),
                    revokedAt: try reader.optionalTimestamp("revoked_at")))
        case "block": return .object(kind: .block, organizationID: try reader.string("organization_id"), json: json)
        case "identity": return .object(kind: .identity, organizationID: try reader.string("organization_id"), json: json)
        case "agent": return .object(kind: .agent, organizationID: try reader.string("organization_id"), json: json)
        case let other: throw MalformedRecord("line \(number): unknown kind \"\(other)\"")
        }
    }
}
