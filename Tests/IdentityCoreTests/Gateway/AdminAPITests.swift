import HTTPKit
import Testing

@testable import IdentityCore
import IdentityTestSupport

@Suite("Admin API")
struct AdminAPITests {
    @Test func adminRoutes_Need401_WithoutCredentials_And403_ForAnAPIKey() throws {
        let harness = try GatewayHarness()
        let tenant = harness.tenant("acme")
        for (method, path) in [(HTTPMethod.get, "/v1/admin/orgs"), (.post, "/v1/admin/orgs"), (.get, "/v1/admin/api-keys"),
                               (.post, "/v1/admin/api-keys"), (.delete, "/v1/admin/orgs/\(tenant.organizationID)")] {
            let anonymous = harness.send(method, path, body: "{}")
            #expect(anonymous.status == 401, "\(method) \(path)")
            #expect(anonymous.json == unauthorizedBody)
            let keyHolder = harness.send(method, path, body: "{}", bearer: tenant.secret)
            #expect(keyHolder.status == 403, "\(method) \(path)")
            #expect(keyHolder.detail == "The admin API needs the server password; API keys cannot use it")
        }
        #expect(harness.admin(.get, "/v1/admin/orgs/\(tenant.organizationID)").status == 200)
    }

    @Test func adminRoutes_AreDisabled_WithoutAPassword() throws {
        let harness = try GatewayHarness(password: nil)
        let response = harness.send(.post, "/v1/admin/orgs", body: #"{"name":"acme"}"#)
        #expect(response.status == 403)
        #expect(response.detail == "The admin API is disabled: start the server with a password (--password or LETTA_SERVER_PASSWORD)")
        #expect(try harness.store.listOrganizations().count == 1)
    }

    @Test func createOrganization_AnswersItsRecord_AndListsIt() throws {
        let harness = try GatewayHarness()
        let created = harness.admin(.post, "/v1/admin/orgs", body: #"{"name":"Acme Ünïcode"}"#)
        #expect(created.status == 200)
        let id = try #require(created.json["id"]?.stringValue)
        #expect(ObjectID.isValid(id, kind: .org))
        #expect(created.json["name"] == "Acme Ünïcode")
        let createdAt = try #require(created.json["created_at"]?.stringValue)
        #expect(Timestamp(iso8601: createdAt) != nil)
        #expect(created.json.objectValue?.keys == ["id", "name", "created_at"])

        #expect(harness.admin(.get, "/v1/admin/orgs/\(id)").json == created.json)
        let list = harness.admin(.get, "/v1/admin/orgs")
        #expect(list.ids == [Actor.defaultOrganizationID, id])
        #expect(harness.admin(.get, "/v1/admin/orgs/").status == 307)
    }

    @Test(arguments: [
        (#"{}"#, "missing"), (#"{"name":""}"#, "string_too_short"), (#"{"name":5}"#, "string_type"),
        (#"{"name":"a","plan":"gold"}"#, "extra_forbidden"),
        ("{\"name\":\"\(String(repeating: "x", count: 201))\"}", "string_too_long"),
    ])
    func createOrganization_Gets422_ForABadBody(body: String, issueType: String) throws {
        let harness = try GatewayHarness()
        let response = harness.admin(.post, "/v1/admin/orgs", body: body)
        #expect(response.status == 422, "\(body)")
        #expect(response.json["detail"]?.arrayValue?.compactMap { $0["type"]?.stringValue } == [issueType])
        #expect(try harness.store.listOrganizations().count == 1)
    }

    @Test func organizationRoutes_Answer404And422_ForUnknownAndMalformedIDs() throws {
        let harness = try GatewayHarness()
        let unknown = "org-00000000-0000-4000-8000-00000000abcd"
        #expect(harness.admin(.get, "/v1/admin/orgs/\(unknown)").detail == "Organization not found: \(unknown)")
        #expect(harness.admin(.delete, "/v1/admin/orgs/\(unknown)").status == 404)
        #expect(harness.admin(.get, "/v1/admin/orgs/acme").status == 422)
    }

    @Test func deleteOrganization_RemovesItsData_AndItsKeysStopWorking() throws {
        let harness = try GatewayHarness()
        let tenant = harness.tenant("acme")
        #expect(harness.send(.post, "/v1/blocks/", body: #"{"label":"human","value":"v"}"#, bearer: tenant.secret).status == 200)
        let deleted = harness.admin(.delete, "/v1/admin/orgs/\(tenant.organizationID)")
        #expect(deleted.status == 200)
        #expect(deleted.text == "null")
        #expect(harness.admin(.get, "/v1/admin/orgs/\(tenant.organizationID)").status == 404)
        #expect(try harness.store.countBlocks(BlockFilter(), organizationID: tenant.organizationID) == 0)
        #expect(harness.send(.get, "/v1/blocks/", bearer: tenant.secret).status == 401)
        #expect(harness.admin(.get, "/v1/admin/api-keys?organization_id=\(tenant.organizationID)").json == [])
    }

    @Test func deleteDefaultOrganization_Gets409() throws {
        let harness = try GatewayHarness()
        let response = harness.admin(.delete, "/v1/admin/orgs/\(Actor.defaultOrganizationID)")
        #expect(response.status == 409)
        #expect(response.detail == "The default organization cannot be deleted")
    }

    @Test func createKey_ShowsTheSecretOnce_AndStoresOnlyItsDigest() throws {
        let harness = try GatewayHarness()
        let organizationID = harness.createOrganization("acme")
        let created = harness.admin(.post, "/v1/admin/api-keys", body: #"{"organization_id":"\#(organizationID)","name":"ci"}"#)
        #expect(created.status == 200)
        #expect(created.json.objectValue?.keys == ["id", "organization_id", "name", "created_at", "revoked_at", "key"])
        let id = try #require(created.json["id"]?.stringValue)
        let secret = try #require(created.json["key"]?.stringValue)
        #expect(ObjectID.isValid(id, kind: .apiKey))
        #expect(secret.hasPrefix("sk-ids-") && secret.utf8.count == 50)
        #expect(created.json["organization_id"] == .string(organizationID))
        #expect(created.json["name"] == "ci")
        #expect(created.json["revoked_at"] == .null)

        let record = harness.admin(.get, "/v1/admin/api-keys/\(id)")
        #expect(record.json["key"] == nil)
        #expect(record.json["id"] == .string(id))
        #expect(!harness.admin(.get, "/v1/admin/api-keys").text.contains(secret))

        let stored = try storedAPIKeyRows(harness.store)
        #expect(stored.count == 1)
        #expect(!stored[0].contains(String(secret.dropFirst(7))))
        #expect(try harness.store.apiKey(secretDigest: SHA256.hash(secret))?.id == id)
    }

    @Test func createKey_WithoutName_HasNullName_AndKeysAreDistinct() throws {
        let harness = try GatewayHarness()
        let organizationID = harness.createOrganization("acme")
        let first = harness.admin(.post, "/v1/admin/api-keys", body: #"{"organization_id":"\#(organizationID)"}"#)
        let second = harness.admin(.post, "/v1/admin/api-keys", body: #"{"organization_id":"\#(organizationID)","name":null}"#)
        #expect(first.json["name"] == .null && second.json["name"] == .null)
        #expect(first.json["key"] != second.json["key"])
        #expect(first.json["id"] != second.json["id"])
    }

    @Test func createKey_Answers404_ForAnUnknownOrganization_And422_ForAMalformedOne() throws {
        let harness = try GatewayHarness()
        let unknown = "org-00000000-0000-4000-8000-00000000abcd"
        let missing = harness.admin(.post, "/v1/admin/api-keys", body: #"{"organization_id":"\#(unknown)"}"#)
        #expect(missing.status == 404)
        #expect(missing.detail == "Organization not found: \(unknown)")
        let malformed = harness.admin(.post, "/v1/admin/api-keys", body: #"{"organization_id":"acme"}"#)
        #expect(malformed.status == 422)
        let absent = harness.admin(.post, "/v1/admin/api-keys", body: #"{"name":"x"}"#)
        #expect(absent.status == 422)
        #expect(try harness.store.listAPIKeys(organizationID: nil).isEmpty)
    }

    @Test func listKeys_FiltersByOrganization_AndNeverShowsSecrets() throws {
        let harness = try GatewayHarness()
        let acme = harness.tenant("acme")
        let globex = harness.tenant("globex")
        let all = harness.admin(.get, "/v1/admin/api-keys")
        #expect(all.json.arrayValue?.count == 2)
        #expect(all.json.arrayValue?.allSatisfy { $0["key"] == nil } == true)
        let onlyAcme = harness.admin(.get, "/v1/admin/api-keys?organization_id=\(acme.organizationID)")
        #expect(onlyAcme.json.arrayValue?.map { $0["organization_id"] } == [.string(acme.organizationID)])
        #expect(!all.text.contains(acme.secret) && !all.text.contains(globex.secret))
        #expect(harness.admin(.get, "/v1/admin/api-keys?organization_id=acme").status == 422)
    }

    @Test(arguments: [(HTTPMethod.delete, ""), (.post, "/revoke")])
    func revokeKey_StopsTheKey_AndKeepsTheRecord(method: HTTPMethod, suffix: String) throws {
        let harness = try GatewayHarness()
        let organizationID = harness.createOrganization("acme")
        let (id, secret) = harness.createKey(organizationID: organizationID)
        let spare = harness.createKey(organizationID: organizationID, name: "spare")
        #expect(harness.send(.get, "/v1/agents/", bearer: secret).status == 200)

        let revoked = harness.admin(method, "/v1/admin/api-keys/\(id)\(suffix)")
        #expect(revoked.status == 200)
        let revokedAt = try #require(revoked.json["revoked_at"]?.stringValue)
        let unauthorized = harness.send(.get, "/v1/agents/", bearer: secret)
        #expect(unauthorized.status == 401)
        #expect(unauthorized.json == unauthorizedBody)
        #expect(harness.send(.get, "/v1/agents/", bearer: spare.secret).status == 200)

        let again = harness.admin(.post, "/v1/admin/api-keys/\(id)/revoke")
        #expect(again.json["revoked_at"] == .string(revokedAt))
        #expect(harness.admin(.get, "/v1/admin/api-keys/\(id)").json["revoked_at"] == .string(revokedAt))
        let unknown = "apikey-00000000-0000-4000-8000-000000000000"
        #expect(harness.admin(.delete, "/v1/admin/api-keys/\(unknown)").detail == "API key not found: \(unknown)")
    }
}
