import HTTPKit
import Testing
@testable import IdentityCore
import IdentityTestSupport

@Suite struct ValidatorTests {
    func body(_ response: HTTPResponse) throws -> JSONValue { try JSONParser.parse(response.body) }

    @Test func missingAndExtraKeys_AreCollectedTogether() throws {
        let validator = Validator()
        let object = JSONObject([("name", .string("x")), ("organization_id", .string("org"))])
        validator.forbidExtraKeys(object, allowed: ["name", "identifier_key"], at: ["body"])
        _ = validator.requiredString(object, "identifier_key", at: ["body"])
        #expect(validator.issues.map(\.type) == ["extra_forbidden", "missing"])
        #expect(validator.issues[1].location == ["body", "identifier_key"])
        #expect(validator.issues[1].input == .object(object))
    }

    @Test func enumeration_ListsAllowedValuesLikePydantic() {
        let validator = Validator()
        #expect(validator.enumeration(.string("robot"), as: IdentityType.self, at: ["body", "identity_type"]) == nil)
        #expect(validator.issues.first?.message == "Input should be 'org', 'user' or 'other'")
        #expect(validator.issues.first?.context?["expected"] == .string("'org', 'user' or 'other'"))
        #expect(validator.enumeration(.string("user"), as: IdentityType.self, at: []) == .user)
    }

    @Test func integers_AcceptIntegralFloatsAndDigitStrings() {
        let validator = Validator()
        #expect(validator.int(.double(5.0), at: []) == 5)
        #expect(validator.int(.string(" 7 "), at: []) == 7)
        #expect(validator.int(.double(5.5), at: ["a"]) == nil)
        #expect(validator.int(.string("abc"), at: ["b"]) == nil)
        #expect(validator.int(.bool(true), at: ["c"]) == nil)
        #expect(validator.issues.map(\.type) == ["int_from_float", "int_parsing", "int_type"])
    }

    @Test func idArrays_CheckLengthThenPattern() {
        let validator = Validator()
        let object = JSONObject([("agent_ids", .array([
            .string("bad"),
            .string("agent-00000000-0000-4000-8000-000000000000"),
            .string("agent-00000000-0000-1000-8000-000000000000"),
            .int(3),
        ]))])
        let ids = validator.optionalIDArray(object, "agent_ids", kind: .agent, at: ["body"])
        #expect(ids == ["agent-00000000-0000-4000-8000-000000000000"])
        #expect(validator.issues.map(\.type) == ["string_too_short", "string_pattern_mismatch", "string_type"])
        #expect(validator.issues[0].location == ["body", "agent_ids", 0])
        #expect(validator.issues[0].context?["min_length"] == .int(42))
    }

    @Test func validationError_RendersPublishedShape() throws {
        let validator = Validator()
        _ = validator.requiredString(JSONObject(), "name", at: ["body"])
        let error = try #require(throws: APIError.self) { try validator.throwIfInvalid() }
        let response = error.makeResponse()
        #expect(response.status.code == 422)
        let expected = #"{"trace_id":"","detail":[{"type":"missing","loc":["body","name"],"msg":"Field required","input":{}}]}"#
        #expect(String(decoding: response.body, as: UTF8.self) == expected)
    }

    @Test func pathID_MalformedGives422WithExamples() throws {
        var request = HTTPRequest(method: .get, target: "/v1/identities/abc")
        request.pathParameters.set("identity_id", "abc")
        let error = try #require(throws: APIError.self) { try PathID.require(request, "identity_id", kind: .identity) }
        let json = try body(error.makeResponse())
        guard case let .object(object) = json, case let .array(detail)? = object["detail"], case let .object(issue)? = detail.first else {
            Issue.record("unexpected body \(json)")
            return
        }
        #expect(issue["type"] == .string("string_pattern_mismatch"))
        #expect(issue["msg"] == .string("String should match pattern 'identity-{uuid4}'"))
        #expect(object["examples"] == .array([.string("identity-123e4567-e89b-42d3-8456-426614174000")]))
    }

    @Test func serviceCheckedID_MalformedGives400() throws {
        var request = HTTPRequest(method: .patch, target: "/x")
        request.pathParameters.set("identity_id", "nope")
        let error = try #require(throws: APIError.self) {
            try PathID.requireServiceChecked(request, "identity_id", kind: .identity)
        }
        #expect(error == .badRequest("INVALID_ARGUMENT: Invalid identity ID format: nope. Expected format: 'identity-<uuid4>'"))
    }

    @Test func requestBody_MapsMalformedJSONAndContentTypes() throws {
        let malformed = HTTPRequest(method: .post, target: "/", headers: ["Content-Type": "application/json"], body: Array("{\"a\":".utf8))
        let error = try #require(throws: APIError.self) { try RequestBody.object(malformed) }
        guard case let .validation(issues, _) = error.body else { Issue.record("not a validation error"); return }
        #expect(issues.first?.type == "json_invalid")
        #expect(issues.first?.location == ["body", 5])

        let text = HTTPRequest(method: .post, target: "/", headers: ["Content-Type": "text/plain"], body: Array("{}".utf8))
        #expect(throws: APIError.self) { try RequestBody.object(text) }
        let vendor = HTTPRequest(method: .post, target: "/", headers: ["Content-Type": "application/vnd.x+json; charset=utf-8"], body: Array("{}".utf8))
        #expect(try RequestBody.object(vendor).isEmpty)
        let untyped = HTTPRequest(method: .post, target: "/", body: Array("[1]".utf8))
        #expect(throws: APIError.self) { try RequestBody.object(untyped) }
        let empty = HTTPRequest(method: .post, target: "/")
        #expect(throws: APIError.self) { try RequestBody.json(empty) }
    }

    @Test func requestBody_ParsedAheadByTheGateway_IsWhatTheHandlerReads() throws {
        let valid = HTTPRequest(method: .post, target: "/", headers: ["Content-Type": "application/json"], body: Array(#"{"a":1}"#.utf8))
        let malformed = HTTPRequest(method: .post, target: "/", headers: ["Content-Type": "application/json"], body: Array("{\"a\":".utf8))
        let text = HTTPRequest(method: .post, target: "/", headers: ["Content-Type": "text/plain"], body: Array("{}".utf8))
        #expect(try RequestBody.parseAhead(valid)?.get() == .object(JSONObject([("a", .int(1))])))
        #expect(RequestBody.parseAhead(HTTPRequest(method: .delete, target: "/")) == nil)
        #expect(RequestBody.parseAhead(text) == nil)

        // The handler reads the scope's parse, not the bytes again; a failed parse is the same 422.
        var scope = RequestScope(principal: .admin, limits: .default)
        scope.parsedBody = .success(.object(JSONObject([("from", .string("scope"))])))
        let read = try RequestScope.$current.withValue(scope) { try RequestBody.object(valid) }
        #expect(read["from"] == .string("scope"))
        scope.parsedBody = RequestBody.parseAhead(malformed)
        let error = try #require(throws: APIError.self) {
            try RequestScope.$current.withValue(scope) { try RequestBody.object(malformed) }
        }
        guard case let .validation(issues, _) = error.body else { Issue.record("not a validation error"); return }
        #expect(issues.first?.type == "json_invalid")
        #expect(issues.first?.location == ["body", 5])
    }

    @Test(arguments: [
        "application/json", "APPLICATION/JSON", "Application/Json; charset=utf-8", " \tapplication/json\t ",
        "application/vnd.api+json", "application/+json", "APPLICATION/PROBLEM+JSON;x=1", ";application/json",
        ";;application/json;q",
    ])
    func isJSONContentType_Accepts_JSONMediaTypes(_ value: String) {
        #expect(RequestBody.isJSONContentType(value))
    }

    @Test(arguments: [
        "", ";", "text/plain", "application/jsonx", "application/jso", "application/json+xml", "application+json",
        "text/x+json", "application /json", "app\u{00E9}lication/json", "application/\u{301}x+json",
        "; ;application/json", "application/json\u{301}", "\u{212A}application/json",
    ])
    func isJSONContentType_Rejects_OtherMediaTypes(_ value: String) {
        #expect(!RequestBody.isJSONContentType(value))
    }

    @Test(arguments: [[], [("Content-Type", "")], [("Content-Type", " \t")]] as [[(String, String)]])
    func body_IsReadAsJSON_WhenContentTypeIsMissingOrEmpty(_ headers: [(String, String)]) throws {
        let request = HTTPRequest(
            method: .post, target: "/", headers: HTTPHeaders(headers.map { (name: $0.0, value: $0.1) }),
            body: Array(#"{"a":[1]}"#.utf8))
        let object = try RequestBody.object(request)
        #expect(object["a"] == [1])
    }

    @Test func isJSONContentType_AcceptsNonASCIISubtype_WhenSuffixIsJSON() {
        #expect(RequestBody.isJSONContentType("application/vnd.\u{00E9}t\u{00E9}+json"))
    }

    @Test func storeErrors_MapToStatuses() {
        #expect(APIError(StoreError.conflict(kind: .identity, message: "dup")).status == .conflict)
        #expect(APIError(StoreError.missingReferences(kind: .agent, ids: ["a", "b"])) == .notFound("Agents not found: a, b"))
        #expect(APIError(StoreError.cursorNotFound(kind: .identity, id: "x")) == .notFound("No Identity found with id x"))
        #expect(APIError(StoreError.unavailable(message: "later")).status == .serviceUnavailable)
    }
}
