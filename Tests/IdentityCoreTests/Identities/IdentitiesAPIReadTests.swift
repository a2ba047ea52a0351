import HTTPKit
import Testing
@testable import IdentityCore
import IdentityTestSupport

/// `GET /v1/identities/{id}`, `/count` and the list filters.
@Suite struct IdentitiesAPIReadTests {
    let api: IdentitiesHarness

    init() throws { api = try IdentitiesHarness() }

    // MARK: Retrieve

    @Test func retrieve_ReturnsStoredIdentity() throws {
        let agent = try api.makeAgent()
        let id = api.createIdentity("user_1", name: "User One", extra: [
            ("agent_ids", [.string(agent)]), ("properties", [["key": "age", "value": 36, "type": "number"]]),
        ])
        let response = api.send(.get, "/v1/identities/\(id)")
        #expect(response.status == 200)
        #expect(response.json == Expect.identity(
            id: id, key: "user_1", name: "User One", type: "user", agentIDs: [agent],
            properties: [Expect.property("age", 36, "number")]
        ))
    }

    @Test func retrieve_Returns404_WhenIdentityIsUnknown() {
        let response = api.send(.get, "/v1/identities/\(Unknown.identity)")
        #expect(response.status == 404)
        #expect(response.json == Expect.detail("Identity not found: \(Unknown.identity)"))
    }

    @Test(arguments: [
        "not-an-id", "agent-00000000-0000-4000-8000-000000000000", "identity-05C6DA84-3016-4A00-BF29-6648A049C37F",
        "identity-123e4567-e89b-12d3-a456-426614174000",
    ])
    func retrieve_Returns422WithExamples_WhenIDIsMalformed(id: String) {
        let response = api.send(.get, "/v1/identities/\(id)")
        #expect(response.status == 422)
        #expect(response.json == Expect.malformedPathID(id))
    }

    @Test func retrieve_Returns404_WhenIdentityBelongsToAnotherOrganization() throws {
        try api.store.ensureOrganization(id: "org-11111111-1111-4111-8111-111111111111", name: "other")
        let foreign = try api.storeIdentity("k", createdAt: 1, organizationID: "org-11111111-1111-4111-8111-111111111111")
        #expect(api.send(.get, "/v1/identities/\(foreign)").status == 404)
        #expect(api.send(.get, "/v1/identities/").json == [])
        #expect(api.send(.get, "/v1/identities/count").json == 0)
        #expect(api.send(.patch, "/v1/identities/\(foreign)", json: ["name": "x"]).status == 404)
        #expect(api.send(.delete, "/v1/identities/\(foreign)").status == 404)
    }

    @Test func retrieve_Returns400_WhenUserIDHeaderIsMalformed() {
        let id = api.createIdentity("k")
        let response = api.send(.get, "/v1/identities/\(id)", headers: [("user_id", "user-1")])
        #expect(response.json == Expect.detail("INVALID_ARGUMENT: Invalid user ID format: user-1. Expected format: 'user-<uuid4>'"))
        #expect(response.status == 400)
    }

    // MARK: Count

    @Test func count_ReturnsBareInteger_AndIgnoresFilters() {
        #expect(api.send(.get, "/v1/identities/count").text == "0")
        api.createIdentity("a", type: "org")
        api.createIdentity("b")
        api.createIdentity("c", projectID: "p")
        let response = api.send(.get, "/v1/identities/count?identity_type=org")
        #expect(response.status == 200)
        #expect(response.text == "3")
    }

    @Test func count_Returns400_WhenUserIDHeaderIsMalformed() {
        #expect(api.send(.get, "/v1/identities/count", headers: [("user_id", "x")]).status == 400)
    }

    // MARK: List filters

    /// Five identities created oldest first: keys k0…k4.
    func makeFixtures() throws -> [String] {
        let specs: [(String, String, IdentityType, String?)] = [
            ("k0", "Pager Zero", .other, "proj"),
            ("k1", "Pager One", .other, "proj"),
            ("user_1", "User One", .user, nil),
            ("user_1", "User One (alpha)", .user, "alpha"),
            ("k4", "Acme 50%_off", .org, nil),
        ]
        return try specs.enumerated().map { index, spec in
            try api.storeIdentity(spec.0, name: spec.1, type: spec.2, projectID: spec.3, createdAt: 1_000_000 + Int64(index))
        }
    }

    @Test func list_ReturnsAllNewestFirst_ByDefault() throws {
        let ids = try makeFixtures()
        let response = api.send(.get, "/v1/identities/")
        #expect(response.status == 200)
        #expect(response.ids == ids.reversed())
        #expect(response.json.arrayValue?.first == Expect.identity(id: ids[4], key: "k4", name: "Acme 50%_off", type: "org"))
    }

    @Test func list_FiltersByIdentifierKeyExactly() throws {
        let ids = try makeFixtures()
        #expect(api.send(.get, "/v1/identities/?identifier_key=user_1").ids == [ids[3], ids[2]])
        #expect(api.send(.get, "/v1/identities/?identifier_key=USER_1").ids == [])
        #expect(api.send(.get, "/v1/identities/?identifier_key=user").ids == [])
    }

    @Test func list_FiltersByNameCaseInsensitiveSubstring() throws {
        let ids = try makeFixtures()
        #expect(api.send(.get, "/v1/identities/?name=PaGeR+oNe").ids == [ids[1]])
        #expect(api.send(.get, "/v1/identities/?name=pager").ids == [ids[1], ids[0]])
        #expect(api.send(.get, "/v1/identities/?name=one").ids == [ids[3], ids[2], ids[1]])
        #expect(api.send(.get, "/v1/identities/?name=nobody").ids == [])
    }

    @Test func list_TreatsLikeWildcardsInNameLiterally() throws {
        let ids = try makeFixtures()
        #expect(api.send(.get, "/v1/identities/?name=50%25_").ids == [ids[4]])
        #expect(api.send(.get, "/v1/identities/?name=%25").ids == [ids[4]])
        #expect(api.send(.get, "/v1/identities/?name=_").ids == [ids[4]])
    }

    @Test func list_FiltersByIdentityType() throws {
        let ids = try makeFixtures()
        #expect(api.send(.get, "/v1/identities/?identity_type=org").ids == [ids[4]])
        #expect(api.send(.get, "/v1/identities/?identity_type=other").ids == [ids[1], ids[0]])
    }

    @Test func list_FiltersByProjectID_IgnoringXProjectIDHeader() throws {
        let ids = try makeFixtures()
        #expect(api.send(.get, "/v1/identities/?project_id=proj").ids == [ids[1], ids[0]])
        let header = api.send(.get, "/v1/identities/?identifier_key=user_1", headers: [("X-Project-Id", "proj")])
        #expect(header.ids == [ids[3], ids[2]])
    }

    @Test func list_CombinesFiltersWithAnd() throws {
        let ids = try makeFixtures()
        #expect(api.send(.get, "/v1/identities/?project_id=proj&identity_type=other&name=one").ids == [ids[1]])
        #expect(api.send(.get, "/v1/identities/?identifier_key=user_1&project_id=alpha").ids == [ids[3]])
        #expect(api.send(.get, "/v1/identities/?identifier_key=user_1&identity_type=org").ids == [])
    }

    @Test func list_TreatsEmptyFiltersAsAbsent() throws {
        let ids = try makeFixtures()
        #expect(api.send(.get, "/v1/identities/?name=&identifier_key=&project_id=&before=&after=").ids == ids.reversed())
    }

    @Test func list_IgnoresUnknownParameters() throws {
        let ids = try makeFixtures()
        #expect(api.send(.get, "/v1/identities/?bogus=1&limit=1").ids == [ids[4]])
    }

    @Test func list_Returns422_WhenIdentityTypeIsUnknown() {
        let response = api.send(.get, "/v1/identities/?identity_type=robot")
        #expect(response.json == Expect.validation(
            Expect.issue("enum", ["query", "identity_type"], Expect.identityTypeEnumMessage, input: "robot",
                         context: Expect.identityTypeEnumContext)
        ))
    }

    @Test func list_Returns422LiteralError_WhenOrderOrOrderByIsUnknown() {
        let response = api.send(.get, "/v1/identities/?order=sideways&order_by=name")
        #expect(response.json == Expect.validation(
            Expect.issue("literal_error", ["query", "order"], "Input should be 'asc' or 'desc'", input: "sideways",
                         context: ["expected": "'asc' or 'desc'"]),
            Expect.issue("literal_error", ["query", "order_by"], "Input should be 'created_at'", input: "name",
                         context: ["expected": "'created_at'"])
        ))
        #expect(api.send(.get, "/v1/identities/?order_by=created_at").status == 200)
    }

    @Test func list_Returns422IntParsing_WhenLimitIsNotAnInteger() {
        let response = api.send(.get, "/v1/identities/?limit=abc")
        #expect(response.json == Expect.validation(
            Expect.issue("int_parsing", ["query", "limit"], "Input should be a valid integer, unable to parse string as an integer",
                         input: "abc")
        ))
    }

    @Test func list_Returns400_WhenUserIDHeaderIsMalformed() {
        #expect(api.send(.get, "/v1/identities/", headers: [("user_id", "user-")]).status == 400)
    }
}
