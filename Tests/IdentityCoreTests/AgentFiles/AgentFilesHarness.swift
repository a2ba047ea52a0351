import Foundation
import HTTPKit
import Testing

@testable import IdentityCore

/// An in-process server for agent files: the agents and agent-file routes over a fresh store of
/// the test backend, plus the real agent files of `../shared/letta/agent-files` (found beside
/// the repository or one of its parent folders).
struct AgentFilesHarness {
    let agents: AgentsHarness

    init() throws {
        agents = try AgentsHarness()
        let context = APIContext(store: agents.store)
        AgentFilesAPI(context: context).register(on: agents.router)
        BlocksAPI(context: context).register(on: agents.router)
    }

    /// The folder of real agent files; the test fails when it cannot be found.
    static let directory: URL? = {
        var folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while folder.path != "/" {
            let candidate = folder.appendingPathComponent("shared/letta/agent-files")
            if FileManager.default.fileExists(atPath: candidate.appendingPathComponent("loop.af").path) { return candidate }
            folder.deleteLastPathComponent()
        }
        return nil
    }()

    static func realFile(_ name: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> [UInt8] {
        let directory = try #require(Self.directory, "../shared/letta/agent-files not found", sourceLocation: sourceLocation)
        return Array(try Data(contentsOf: directory.appendingPathComponent(name)))
    }

    /// The file parsed (twice when it is a JSON string).
    static func parsed(_ bytes: [UInt8]) throws -> JSONValue {
        let value = try JSONParser.parse(bytes)
        if case let .string(inner) = value { return try JSONParser.parse(inner) }
        return value
    }

    static let boundary = "af-test-boundary-7d1"

    /// A multipart body as letta-client sends it: the fields, then the file part.
    static func multipart(file: [UInt8], fields: [(String, String)] = []) -> [UInt8] {
        var body: [UInt8] = []
        for (name, value) in fields {
            body += Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n".utf8)
        }
        body += Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"agent.af\"\r\n".utf8)
        body += Array("Content-Type: application/octet-stream\r\n\r\n".utf8) + file + Array("\r\n--\(boundary)--\r\n".utf8)
        return body
    }

    /// `POST /v1/agents/import` with a raw body.
    func importBody(_ body: [UInt8], headers extra: HTTPHeaders = HTTPHeaders()) -> AgentsHarness.Reply {
        var headers = extra
        headers.add(name: "Content-Type", value: "multipart/form-data; boundary=\(Self.boundary)")
        let response = agents.router.respond(to: HTTPRequest(method: .post, target: "/v1/agents/import", headers: headers, body: body))
        let text = String(decoding: response.body, as: UTF8.self)
        return AgentsHarness.Reply(
            status: response.status, json: (try? JSONParser.parse(response.body)) ?? .string(text), text: text)
    }

    /// Imports `file` with form `fields`; returns the new agent ids (the import must succeed).
    func importFile(
        _ file: [UInt8], fields: [(String, String)] = [], headers: HTTPHeaders = HTTPHeaders(),
        sourceLocation: SourceLocation = #_sourceLocation
    ) -> [String] {
        let reply = importBody(Self.multipart(file: file, fields: fields), headers: headers)
        #expect(reply.status == .ok, "import failed: \(reply.text.prefix(300))", sourceLocation: sourceLocation)
        return reply.json["agent_ids"]?.strings ?? []
    }

    /// `GET /v1/agents/{id}/export` parsed (must succeed).
    func export(_ agentID: String, query: String = "", sourceLocation: SourceLocation = #_sourceLocation) -> JSONValue {
        let reply = agents.send(.get, "/v1/agents/\(agentID)/export\(query)")
        #expect(reply.status == .ok, "export failed: \(reply.text.prefix(300))", sourceLocation: sourceLocation)
        return reply.json
    }

    func agentCount() -> Int {
        Int(agents.send(.get, "/v1/agents/count").json.intValue ?? -1)
    }
}

/// One agent of a file, with every file id resolved to what it names, for comparing files
/// whose ids differ.
struct AgentFileContent: Equatable, CustomStringConvertible {
    var system: String
    var tags: [String]
    var llmConfig: JSONValue
    var embeddingConfig: JSONValue
    var blocks: [String]
    var tools: [String]
    var messages: [String]
    var inContext: [Int]
    var toolRules: JSONValue

    init(file: JSONValue, agentIndex: Int) {
        let agent = file["agents"]?.arrayValue?[agentIndex] ?? .null
        func byID(_ list: String) -> [String: JSONValue] {
            var result: [String: JSONValue] = [:]
            for item in file[list]?.arrayValue ?? [] { result[item["id"]?.stringValue ?? ""] = item }
            return result
        }
        let blocks = byID("blocks")
        let tools = byID("tools")
        system = agent["system"]?.stringValue ?? ""
        tags = (agent["tags"]?.strings ?? []).sorted()
        llmConfig = agent["llm_config"] ?? .null
        embeddingConfig = agent["embedding_config"] ?? .null
        self.blocks = agent["block_ids"]!.strings.map { id in
            let block = blocks[id] ?? .null
            return "\(block["label"]?.stringValue ?? "?")|\(block["limit"]?.intValue ?? -1)|\(block["value"]?.stringValue ?? "")"
        }.sorted()
        self.tools = agent["tool_ids"]!.strings.map { id in
            let tool = tools[id] ?? .null
            return "\(tool["name"]?.stringValue ?? "?")|\(tool["source_code"]?.stringValue ?? "")|\(tool["json_schema"]?.description ?? "")"
        }.sorted()
        let messages = agent["messages"]?.arrayValue ?? []
        self.messages = messages.map { message in
            "\(message["role"]?.stringValue ?? "?")|\(message["content"]?.description ?? "")|\(message["tool_calls"]?.description ?? "")"
        }
        let messageIDs = messages.map { $0["id"]?.stringValue ?? "" }
        inContext = (agent["in_context_message_ids"]?.strings ?? []).map { messageIDs.firstIndex(of: $0) ?? -1 }
        toolRules = agent["tool_rules"] ?? .null
    }

    var description: String { "\(blocks.count) blocks, \(tools.count) tools, \(messages.count) messages, tags \(tags)" }
}
