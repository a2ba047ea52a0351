import Testing

@testable import IdentityCore
import IdentityTestSupport

@Suite("JSON member reader and intern table")
struct JSONMemberReaderTests {
    /// Every member as (key, parsed value or container text).
    func members(_ text: String, takingText keys: Set<String> = []) throws -> [(String, String)] {
        var text = text
        return try text.withUTF8 { buffer in
            var reader = try JSONMemberReader(buffer)
            var result: [(String, String)] = []
            while let key = try reader.nextKey() {
                if keys.contains(key), let raw = try reader.containerText() {
                    result.append((key, "text:" + String(decoding: raw, as: UTF8.self)))
                } else {
                    result.append((key, try reader.value().description))
                }
            }
            return result
        }
    }

    @Test func reader_GivesMembersInOrder_WithExactContainerText() throws {
        let text = #" { "a" : 1 , "cfg" : { "s" : "}]\"{" , "n" : [1, {"x": []}] } , "b": [true], "c": null } "#
        let read = try members(text, takingText: ["cfg", "c"])
        #expect(read.map(\.0) == ["a", "cfg", "b", "c"])
        #expect(read[0].1 == "1")
        #expect(read[1].1 == #"text:{ "s" : "}]\"{" , "n" : [1, {"x": []}] }"#)
        #expect(read[2].1 == "[true]")
        #expect(read[3].1 == "null")
        #expect(try members("{}").isEmpty)
    }

    @Test func readerKeyBytes_SameKeysAsStrings_PlainEscapedAndSpaced() throws {
        var text = "{\"plain\":1,\n\"esc\\u0061ped\" :2 , \"caf\u{e9}\": 3,\t\"last\"\t:\r4}"
        let keys = try text.withUTF8 { buffer in
            var reader = try JSONMemberReader(buffer)
            var keys: [String] = []
            while let key = try reader.nextKey({ String(decoding: $0, as: UTF8.self) }) {
                keys.append(key)
                _ = try reader.value()
            }
            return keys
        }
        #expect(keys == ["plain", "escaped", "caf\u{e9}", "last"])
        #expect(AgentDocument.Field(key: UnsafeBufferPointer(start: nil, count: 0)) == .unknown)
        for field in AgentDocument.Field.allCases where field != .unknown {
            var key = field.rawValue
            #expect(key.withUTF8 { AgentDocument.Field(key: $0) } == field)
        }
        var other = "agent_typo"
        #expect(other.withUTF8 { AgentDocument.Field(key: $0) } == .unknown)
    }

    @Test(arguments: [
        "[]", "", "{", #"{"a":1"#, #"{"a":1,}"#, #"{"a" 1}"#, #"{a:1}"#, #"{"a":1} x"#, #"{"a":{"b":1}"#,
        #"{"a":1 "b":2}"#,
    ])
    func reader_Throws_OnMalformedObjects(text: String) {
        #expect(throws: JSONParseError.self) { _ = try members(text, takingText: ["a"]) }
    }

    @Test func internTable_ParsesEachTextOnce_AndReturnsEqualValues() throws {
        let table = JSONInternTable(capacity: 4)
        func value(_ text: String) throws -> JSONValue {
            var text = text
            return try text.withUTF8 { try table.value(of: $0) }
        }
        let first = try value(#"{"model":"m","temperature":0.7}"#)
        #expect(first == ["model": "m", "temperature": 0.7])
        #expect(try value(#"{"model":"m","temperature":0.7}"#) == first)
        #expect(table.count == 1)
        #expect(try value(#"{"model":"n","temperature":0.7}"#) == ["model": "n", "temperature": 0.7])
        #expect(table.count == 2)
        #expect(throws: JSONParseError.self) { _ = try value(#"{"model":}"#) }
        #expect(table.count == 2)
    }

    @Test func internTable_StaysWithinCapacity_AndSkipsLongTexts() throws {
        let table = JSONInternTable(capacity: 3, maximumTextLength: 32)
        for index in 0..<10 {
            var text = #"{"n":\#(index)}"#
            let value = try text.withUTF8 { try table.value(of: $0) }
            #expect(value == ["n": .int(Int64(index))])
            #expect(table.count <= 3)
        }
        var long = #"{"long":"\#(String(repeating: "x", count: 40))"}"#
        let before = table.count
        _ = try long.withUTF8 { try table.value(of: $0) }
        #expect(table.count == before)
    }

    @Test func agentDocument_DecodesWhatItEncodes_WithSpacesAndAnyKeyOrder() throws {
        var agent = Agent(
            organizationID: "org", name: "n", agentType: "letta_v1_agent", system: "s",
            llmConfig: ["model": "m", "context_window": 8192, "temperature": 0.5], createdAt: Timestamp(microseconds: 7))
        agent.embeddingConfig = ["embedding_model": "e", "embedding_dim": 1536]
        agent.compactionSettings = ["mode": "sliding_window", "sliding_window_percentage": 0.3]
        agent.messageIDs = ["message-1"]
        agent.secrets = [(key: "K", value: "V")]
        agent.metadata = ["a": [1, 2]]
        agent.timezone = "UTC"
        let text = AgentDocument.encode(agent)
        let decoded = try AgentDocument.decode(
            text, id: agent.id, organizationID: "org", name: "n", system: "s", createdAt: agent.createdAt)
        #expect(decoded == agent)
        // A document as PostgreSQL's jsonb would print it: spaces, other key order.
        let spaced = #"{"timezone": "UTC", "llm_config": {"model": "m", "context_window": 8192, "temperature": 0.5}, "#
            + #""embedding_config": null, "compaction_settings": null, "agent_type": "letta_v1_agent"}"#
        let again = try AgentDocument.decode(
            spaced, id: agent.id, organizationID: "org", name: "n", system: "s", createdAt: agent.createdAt)
        #expect(again.llmConfig == agent.llmConfig)
        #expect(again.embeddingConfig == nil && again.compactionSettings == .null)
        #expect(again.timezone == "UTC" && again.agentType == "letta_v1_agent")
        #expect(throws: (any Error).self) {
            _ = try AgentDocument.decode(
                #"{"llm_config": {"model": }"#, id: "a", organizationID: "o", name: "n", system: "s",
                createdAt: agent.createdAt)
        }
    }
}
