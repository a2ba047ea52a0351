import HTTPKit
import Testing
@testable import IdentityCore
import IdentityTestSupport

/// Property validation (docs/reference/letta-api.md §2.1, §8.6; docs/reference/decisions.md #14) and `PUT /{id}/properties`.
@Suite struct IdentitiesAPIPropertyTests {
    let api: IdentitiesHarness

    init() throws { api = try IdentitiesHarness() }

    func create(properties: JSONValue) -> APIResponse {
        api.send(.post, "/v1/identities/", json: ["identifier_key": "k", "name": "x", "identity_type": "user", "properties": properties])
    }

    static func unionIssues(_ location: JSONValue, input: JSONValue) -> [JSONValue] {
        let base = location.arrayValue ?? []
        return [
            Expect.issue("string_type", .array(base + ["str"]), "Input should be a valid string", input: input),
            Expect.issue("int_type", .array(base + ["int"]), "Input should be a valid integer", input: input),
            Expect.issue("float_type", .array(base + ["float"]), "Input should be a valid number", input: input),
            Expect.issue("bool_type", .array(base + ["bool"]), "Input should be a valid boolean", input: input),
            Expect.issue("dict_type", .array(base + ["dict[any,any]"]), "Input should be a valid dictionary", input: input),
        ]
    }

    @Test(arguments: [JSONValue.null, [1, 2]])
    func create_Returns422UnionErrors_WhenValueIsNullOrArray(value: JSONValue) {
        let response = create(properties: [["key": "n", "value": value, "type": "json"]])
        #expect(response.status == 422)
        #expect(response.json["detail"] == .array(Self.unionIssues(["body", "properties", 0, "value"], input: value)))
    }

    @Test func create_Returns422Enum_WhenPropertyTypeIsUnknown() {
        let response = create(properties: [["key": "d", "value": "2024-01-01", "type": "date"]])
        #expect(response.json == Expect.validation(
            Expect.issue("enum", ["body", "properties", 0, "type"], Expect.propertyTypeEnumMessage, input: "date",
                         context: Expect.propertyTypeEnumContext)
        ))
    }

    @Test func create_Returns422Missing_WhenPropertyHasNoTypeOrKey() {
        let response = create(properties: [["key": "n", "value": "v"], ["value": "v", "type": "string", "extra": 1]])
        #expect(response.json == Expect.validation(
            Expect.issue("missing", ["body", "properties", 0, "type"], "Field required", input: ["key": "n", "value": "v"]),
            Expect.issue("missing", ["body", "properties", 1, "key"], "Field required", input: ["value": "v", "type": "string", "extra": 1]),
            Expect.issue("extra_forbidden", ["body", "properties", 1, "extra"], "Extra inputs are not permitted", input: 1)
        ))
    }

    @Test func create_Returns422_WhenPropertiesIsNotAListOrItemNotAnObject() {
        let notList = create(properties: ["k": "v"])
        #expect(notList.json == Expect.validation(
            Expect.issue("list_type", ["body", "properties"], "Input should be a valid list", input: ["k": "v"])
        ))
        let notObject = create(properties: ["email"])
        #expect(notObject.json == Expect.validation(
            Expect.issue("model_type", ["body", "properties", 0], "Input should be a valid dictionary or instance of IdentityProperty",
                         input: "email", context: ["class_name": "IdentityProperty"])
        ))
    }

    @Test func create_AcceptsNullProperties_AsEmpty() {
        let response = create(properties: nil)
        #expect(response.status == 200)
        #expect(response.json["properties"] == [])
    }

    static let mismatches: [(value: JSONValue, type: String, got: String, expected: String)] = [
        ("old", "number", "a string", "a number"),
        (true, "number", "a boolean", "a number"),
        ("yes", "boolean", "a string", "true or false"),
        (1, "boolean", "a number", "true or false"),
        (5, "string", "a number", "a string"),
        (1.5, "string", "a number", "a string"),
        ("[1,2]", "json", "a string", "a JSON object"),
        (7, "json", "a number", "a JSON object"),
        (["a": 1], "string", "a JSON object", "a string"),
    ]

    @Test(arguments: mismatches.indices)
    func create_Returns422NamingProperty_WhenValueDoesNotMatchType(index: Int) {
        let (value, type, got, expected) = Self.mismatches[index]
        let response = create(properties: [
            ["key": "ok", "value": "fine", "type": "string"],
            ["key": "age", "value": value, "type": .string(type)],
        ])
        #expect(response.status == 422)
        #expect(response.json == Expect.validation(
            Expect.issue("property_type_mismatch", ["body", "properties", 1, "value"],
                         "Property 'age' is declared as '\(type)' but its value is \(got); expected \(expected)",
                         input: value, context: ["key": "age", "type": .string(type)])
        ))
        #expect(api.send(.get, "/v1/identities/count").json == 0)
    }

    @Test func create_ReportsEveryBadPropertyAtOnce() {
        let response = create(properties: [
            ["key": "a", "value": "x", "type": "number"],
            ["key": "b", "value": 2, "type": "bogus"],
            ["key": "c", "value": false, "type": "boolean"],
        ])
        let issues = response.json["detail"]?.arrayValue ?? []
        let locations = issues.compactMap { $0["loc"] }
        #expect(locations == [["body", "properties", 0, "value"], ["body", "properties", 1, "type"]])
    }

    // MARK: PUT /v1/identities/{id}/properties

    @Test func replaceProperties_ReplacesWholeList() {
        let id = api.createIdentity("w", extra: [("properties", [
            ["key": "a", "value": "1", "type": "string"], ["key": "b", "value": 2, "type": "number"],
        ])])
        let replacement: JSONValue = [["key": "only", "value": ["k": [1, 2]], "type": "json"], ["key": "a", "value": false, "type": "boolean"]]
        let response = api.send(.put, "/v1/identities/\(id)/properties", json: replacement)
        #expect(response.status == 200)
        #expect(response.json == Expect.identity(id: id, key: "w", name: "Name", type: "user", properties: replacement.arrayValue ?? []))
        #expect(api.send(.get, "/v1/identities/\(id)").json["properties"] == replacement)
    }

    @Test func replaceProperties_EmptyListClears() {
        let id = api.createIdentity("w", extra: [("properties", [["key": "a", "value": "1", "type": "string"]])])
        let response = api.send(.put, "/v1/identities/\(id)/properties", body: "[]")
        #expect(response.status == 200)
        #expect(response.json["properties"] == [])
    }

    @Test func replaceProperties_KeepsOtherFieldsAndLinks() throws {
        let agent = try api.makeAgent()
        let id = api.createIdentity("w", name: "Writer", type: "org", projectID: "p", extra: [("agent_ids", [.string(agent)])])
        let response = api.send(.put, "/v1/identities/\(id)/properties", json: [["key": "x", "value": 1, "type": "number"]])
        #expect(response.json == Expect.identity(
            id: id, key: "w", name: "Writer", type: "org", projectID: "p", agentIDs: [agent],
            properties: [Expect.property("x", 1, "number")]
        ))
    }

    @Test func replaceProperties_Returns422ListType_WhenBodyIsObject() {
        let id = api.createIdentity("w")
        let response = api.send(.put, "/v1/identities/\(id)/properties", json: ["key": "x", "value": "y", "type": "string"])
        #expect(response.json == Expect.validation(
            Expect.issue("list_type", ["body"], "Input should be a valid list", input: ["key": "x", "value": "y", "type": "string"])
        ))
    }

    @Test func replaceProperties_Returns422_WhenItemIsInvalid() {
        let id = api.createIdentity("w")
        let badType = api.send(.put, "/v1/identities/\(id)/properties", json: [["key": "x", "value": "y", "type": "date"]])
        #expect(badType.json == Expect.validation(
            Expect.issue("enum", ["body", 0, "type"], Expect.propertyTypeEnumMessage, input: "date", context: Expect.propertyTypeEnumContext)
        ))
        let mismatch = api.send(.put, "/v1/identities/\(id)/properties", json: [["key": "flag", "value": "yes", "type": "boolean"]])
        #expect(mismatch.json == Expect.validation(
            Expect.issue("property_type_mismatch", ["body", 0, "value"],
                         "Property 'flag' is declared as 'boolean' but its value is a string; expected true or false",
                         input: "yes", context: ["key": "flag", "type": "boolean"])
        ))
        let nullValue = api.send(.put, "/v1/identities/\(id)/properties", json: [["key": "x", "value": nil, "type": "string"]])
        #expect(nullValue.json["detail"] == .array(Self.unionIssues(["body", 0, "value"], input: nil)))
    }

    @Test func replaceProperties_Returns422_WhenBodyIsMissingOrNotJSON() {
        let id = api.createIdentity("w")
        let missing = api.send(.put, "/v1/identities/\(id)/properties")
        #expect(missing.json == Expect.validation(Expect.issue("missing", ["body"], "Field required", input: nil)))
        let text = api.send(.put, "/v1/identities/\(id)/properties", body: "[]", contentType: "text/plain")
        #expect(text.json == Expect.validation(Expect.issue("list_type", ["body"], "Input should be a valid list", input: "[]")))
    }

    @Test func replaceProperties_Returns404_WhenIdentityIsUnknown() {
        let response = api.send(.put, "/v1/identities/\(Unknown.identity)/properties", json: [["key": "x", "value": "y", "type": "string"]])
        #expect(response.status == 404)
        #expect(response.json == Expect.detail("Identity not found: \(Unknown.identity)"))
    }

    @Test func replaceProperties_Returns422_WhenPathIDIsMalformed() {
        let response = api.send(.put, "/v1/identities/nope/properties", body: "[]")
        #expect(response.status == 422)
        #expect(response.json == Expect.malformedPathID("nope"))
    }
}
