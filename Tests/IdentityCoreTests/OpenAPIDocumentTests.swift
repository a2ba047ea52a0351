import Foundation
import Testing

@testable import IdentityCore
import IdentityTestSupport

/// The embedded document must be exactly `openapi/openapi.json`, so the file and the
/// served bytes cannot drift apart.
@Suite struct OpenAPIDocumentTests {
    /// `openapi/openapi.json`, found relative to this source file.
    static func repositoryDocument() throws -> String {
        let root = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent()  // IdentityCoreTests
            .deletingLastPathComponent()  // Tests
            .deletingLastPathComponent()  // repository root
        let data = try Data(contentsOf: root.appendingPathComponent("openapi/openapi.json"))
        return String(decoding: data, as: UTF8.self)
    }

    @Test func embeddedJSON_EqualsRepositoryFile_WhenBothAreParsed() throws {
        let onDisk = try JSONParser.parse(Self.repositoryDocument())
        let embedded = try JSONParser.parse(OpenAPIDocument.json)
        let identical = embedded == onDisk
        let differing = Self.differingMembers(embedded, onDisk)
        #expect(identical, "embedded document differs in \(differing); run scripts/generate-openapi-swift.py")
    }

    /// Names of the top-level members (and `paths` entries) that differ, for a short failure message.
    static func differingMembers(_ lhs: JSONValue, _ rhs: JSONValue) -> [String] {
        guard let left = lhs.objectValue, let right = rhs.objectValue else { return ["<root>"] }
        var names: [String] = []
        for key in Set(left.keys).union(right.keys).sorted() where left[key] != right[key] {
            if key == "paths", let leftPaths = left[key], let rightPaths = right[key] {
                names += differingMembers(leftPaths, rightPaths).map { "paths.\($0)" }
            } else {
                names.append(key)
            }
        }
        return names
    }

    @Test func embeddedJSON_IsCompact() throws {
        let pretty = try Self.repositoryDocument()
        #expect(OpenAPIDocument.json.utf8.count < pretty.utf8.count)
        #expect(!OpenAPIDocument.json.contains("\n"))
        #expect(!OpenAPIDocument.json.contains("\": "))
    }

    @Test func bytes_AreTheUTF8OfJSON() {
        #expect(OpenAPIDocument.bytes == Array(OpenAPIDocument.json.utf8))
    }

    @Test func embeddedJSON_DeclaresOpenAPI31() throws {
        let document = try JSONParser.parse(OpenAPIDocument.json)
        #expect(document["openapi"]?.stringValue == "3.1.0")
        #expect(document["paths"]?.objectValue?.count == 28)
    }

    @Test func operations_ListEveryMethodAndPath_InDocumentOrder() throws {
        let operations = OpenAPIDocument.operations
        #expect(operations.count == 39)
        #expect(operations.first.map { "\($0.method) \($0.path)" } == "GET /v1/identities/")
        let rendered = Set(operations.map { "\($0.method) \($0.path)" })
        #expect(rendered.count == operations.count)
        for expected in [
            "GET /openapi.json", "PUT /v1/identities/", "GET /v1/identities/count",
            "PUT /v1/identities/{identity_id}/properties", "PATCH /v1/agents/{agent_id}/identities/attach/{identity_id}",
            "PATCH /v1/agents/{agent_id}/core-memory/blocks/{block_label}", "DELETE /v1/blocks/{block_id}",
            "GET /v1/tags/", "GET /v1/health/", "GET /v1/agents/{agent_id}/core-memory",
        ] {
            #expect(rendered.contains(expected), "missing \(expected)")
        }
        #expect(operations.allSatisfy { $0.method == $0.method.uppercased() && $0.path.hasPrefix("/") })
    }

    @Test func parseOperations_IgnoresNonMethodKeys() {
        let text = #"{"paths":{"/a":{"parameters":[],"get":{},"summary":"x","post":{}},"/b":{"delete":{}}}}"#
        let operations = OpenAPIDocument.parseOperations(of: text).map { "\($0.method) \($0.path)" }
        #expect(operations == ["GET /a", "POST /a", "DELETE /b"])
    }
}
