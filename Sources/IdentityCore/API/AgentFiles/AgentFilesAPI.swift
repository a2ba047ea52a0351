import HTTPKit

/// Agent files (`.af`): `POST /v1/agents/import` (multipart, the upload in the field `file`)
/// and `GET /v1/agents/{agent_id}/export`, as Letta 0.16.8 serves them. See docs/agent-files.md.
public struct AgentFilesAPI: Sendable {
    public let context: APIContext

    public init(context: APIContext) {
        self.context = context
    }

    public func register(on router: Router) {
        router.post("/v1/agents/import") { try importFile($0) }
        router.get("/v1/agents/{agent_id}/export") { try exportFile($0) }
    }

    private func fileStore() throws(APIError) -> any AgentFileStore {
        guard let store = context.store as? any AgentFileStore else {
            throw APIError(status: .notImplemented, body: .message("Agent files are not supported by this store"))
        }
        return store
    }

    /// Parses the form, checks and plans the whole file, then stores it in one transaction:
    /// any error before the store call writes nothing, and the store call is all or nothing.
    private func importFile(_ request: HTTPRequest) throws -> HTTPResponse {
        let form: MultipartFormData
        do {
            form = try MultipartFormData(request)
        } catch {
            throw APIError.badRequest("Invalid multipart/form-data body: \(error.detail)")
        }
        guard let file = form.first("file") else {
            throw APIError.validation([
                ValidationIssue(type: "missing", location: ["body", "file"], message: "Field required", input: .null),
            ])
        }
        let options = try AgentFileImportOptions(form: form, headers: request.headers)
        let actor = try context.actor(for: request)
        let document = try AgentFileDocument(bytes: file.body)
        var importer = AgentFileImporter(document: document, options: options, actor: actor, now: .now())
        let plan = try importer.plan()
        let store = try fileStore()
        let agentIDs = try store.importAgentFile(plan, organizationID: actor.organizationID)
        return JSONResponse.make(capacity: 64 + 48 * agentIDs.count) { writer in
            writer.beginObject()
            writer.key("agent_ids")
            writer.stringArray(agentIDs)
            writer.endObject()
        }
    }

    /// The agent and, when it manages or belongs to groups, the other agents of those groups.
    private func exportFile(_ request: HTTPRequest) throws -> HTTPResponse {
        let agentID = try PathID.require(request, "agent_id", kind: .agent)
        let validator = Validator()
        let query = QueryReader(request, validator: validator)
        _ = query.int("max_steps")
        let legacy = query.bool("use_legacy_format", default: false)
        let scrubMessages = query.bool("scrub_messages", default: false)
        _ = query.string("conversation_id")
        try validator.throwIfInvalid()
        if legacy { throw APIError.badRequest("Legacy format is not supported") }
        let actor = try context.actor(for: request)
        let store = try fileStore()
        var items: [AgentFileExporter.Item] = []
        var pending = [agentID]
        var seen = Set<String>()
        while let next = pending.first {
            pending.removeFirst()
            guard seen.insert(next).inserted else { continue }
            guard let agent = try context.store.agent(id: next, organizationID: actor.organizationID) else {
                if next == agentID { throw APIError.notFound(.agent, id: agentID) }
                continue
            }
            let text = try store.agentFileParts(agentID: next, organizationID: actor.organizationID)
            let parts = text.flatMap(AgentFileParts.init(text:))
            items.append(AgentFileExporter.Item(agent: agent, parts: parts))
            for group in parts?.groups ?? [] {
                pending += (group["agent_ids"]?.arrayValue ?? []).compactMap(\.stringValue)
                if let manager = group["manager_config"]?["manager_agent_id"]?.stringValue { pending.append(manager) }
            }
        }
        var exporter = AgentFileExporter(items: items, scrubMessages: scrubMessages)
        return .json(exporter.write())
    }
}
