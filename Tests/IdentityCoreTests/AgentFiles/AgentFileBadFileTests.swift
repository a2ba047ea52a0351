import HTTPKit
import Testing

@testable import IdentityCore

@Suite("Agent files: bad files write nothing")
struct AgentFileBadFileTests {
    /// loop.af changed by `edit` (on the parsed document), re-encoded.
    static func editedLoop(_ edit: (inout JSONObject) -> Void) throws -> [UInt8] {
        var root = try #require(try AgentFilesHarness.parsed(try AgentFilesHarness.realFile("loop.af")).objectValue)
        edit(&root)
        return JSONValue.object(root).encoded
    }

    static func editAgent(_ root: inout JSONObject, _ edit: (inout JSONObject) -> Void) {
        var agents = root["agents"]?.arrayValue ?? []
        var agent = agents[0].objectValue ?? JSONObject()
        edit(&agent)
        agents[0] = .object(agent)
        root["agents"] = .array(agents)
    }

    struct Case: CustomTestStringConvertible, Sendable {
        let label: String
        let status: HTTPStatus
        let detailContains: String
        let body: @Sendable () throws -> [UInt8]
        var testDescription: String { label }
    }

    static let cases: [Case] = [
        Case(label: "not JSON", status: .badRequest, detailContains: "Corrupted agent file format.") {
            AgentFilesHarness.multipart(file: Array("this is not json".utf8))
        },
        Case(label: "old single-agent format", status: .badRequest, detailContains: "Legacy AgentSchema format") {
            AgentFilesHarness.multipart(file: Array(#"{"core_memory":[],"tools":[],"messages":[],"version":"0.3.0"}"#.utf8))
        },
        Case(label: "id not <kind>-<n>", status: .badRequest, detailContains: "'agent-zero'") {
            AgentFilesHarness.multipart(file: try editedLoop { root in editAgent(&root) { $0["id"] = "agent-zero" } })
        },
        Case(label: "duplicate id", status: .badRequest, detailContains: "duplicate id 'block-0'") {
            AgentFilesHarness.multipart(file: try editedLoop { root in
                var blocks = root["blocks"]?.arrayValue ?? []
                var second = blocks[1].objectValue ?? JSONObject()
                second["id"] = "block-0"
                blocks[1] = .object(second)
                root["blocks"] = .array(blocks)
            })
        },
        Case(label: "dangling block reference", status: .badRequest, detailContains: "'block-99'") {
            AgentFilesHarness.multipart(file: try editedLoop { root in
                editAgent(&root) { $0["block_ids"] = .array(($0["block_ids"]?.arrayValue ?? []) + ["block-99"]) }
            })
        },
        Case(label: "dangling in-context message", status: .badRequest, detailContains: "'message-77'") {
            AgentFilesHarness.multipart(file: try editedLoop { root in
                editAgent(&root) { $0["in_context_message_ids"] = ["message-0", "message-77"] }
            })
        },
        Case(label: "malformed multipart", status: .badRequest, detailContains: "Invalid multipart/form-data body") {
            Array("--\(AgentFilesHarness.boundary)\r\nContent-Disposition: form-data; name=\"file\"\r\n\r\n{}".utf8)
        },
    ]

    @Test(arguments: cases)
    func badFile_GetsLettasAnswer_AndTheAgentCountIsUnchanged(_ testCase: Case) throws {
        let harness = try AgentFilesHarness()
        _ = harness.importFile(try AgentFilesHarness.realFile("memgpt_agent_with_convo.af"))
        let agentsBefore = harness.agentCount()
        let blocksBefore = harness.agents.send(.get, "/v1/blocks/count").json.intValue
        let reply = harness.importBody(try testCase.body())
        #expect(reply.status == testCase.status)
        #expect(reply.detail?.contains(testCase.detailContains) == true, "\(reply.text)")
        #expect(harness.agentCount() == agentsBefore)
        #expect(harness.agents.send(.get, "/v1/blocks/count").json.intValue == blocksBefore)
    }

    @Test func missingFilePart_Is422() throws {
        let harness = try AgentFilesHarness()
        let body = "--\(AgentFilesHarness.boundary)\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\nx\r\n--\(AgentFilesHarness.boundary)--\r\n"
        let reply = harness.importBody(Array(body.utf8))
        #expect(reply.status == .unprocessableEntity)
        #expect(reply.issueLocations == ["body.file"])
        #expect(harness.agentCount() == 0)
    }
}
