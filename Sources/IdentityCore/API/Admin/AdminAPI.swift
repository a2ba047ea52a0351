import HTTPKit

/// The admin API (this server's addition to Letta's): organizations (tenants) and their API
/// keys. Only the password holder may use it; an API key gets 403, and without a configured
/// password the whole API is off (403 saying how to turn it on).
///
/// - `POST /v1/admin/orgs` `{"name"}` → the organization; `GET /v1/admin/orgs` lists them;
///   `GET|DELETE /v1/admin/orgs/{org_id}` (delete removes everything the organization owns).
/// - `POST /v1/admin/api-keys` `{"organization_id", "name"?}` → the key record plus `key`, the
///   secret, shown this once; `GET /v1/admin/api-keys[?organization_id=]` lists records without
///   secrets; `GET /v1/admin/api-keys/{key_id}`; `DELETE /v1/admin/api-keys/{key_id}` or
///   `POST /v1/admin/api-keys/{key_id}/revoke` revokes (the record stays, with `revoked_at`).
struct AdminAPI {
    let context: APIContext

    /// Longest organization or key name accepted.
    static let maxNameLength = 200

    func register(on router: Router) {
        router.post("/v1/admin/orgs") { try createOrganization($0) }
        router.get("/v1/admin/orgs") { try listOrganizations($0) }
        router.get("/v1/admin/orgs/{org_id}") { try retrieveOrganization($0) }
        router.delete("/v1/admin/orgs/{org_id}") { try deleteOrganization($0) }
        router.post("/v1/admin/api-keys") { try createKey($0) }
        router.get("/v1/admin/api-keys") { try listKeys($0) }
        router.get("/v1/admin/api-keys/{key_id}") { try retrieveKey($0) }
        router.delete("/v1/admin/api-keys/{key_id}") { try revokeKey($0) }
        router.post("/v1/admin/api-keys/{key_id}/revoke") { try revokeKey($0) }
    }

    // MARK: Organizations

    func createOrganization(_ request: HTTPRequest) throws -> HTTPResponse {
        let tenants = try authorizedTenants()
        let body = try RequestBody.object(request)
        let validator = Validator()
        validator.forbidExtraKeys(body, allowed: ["name"], at: ["body"])
        let name = Self.name(body, required: true, validator: validator)
        try validator.throwIfInvalid()
        let organization = try tenants.createOrganization(Organization(name: name ?? ""))
        return JSONResponse.make { AdminJSON.write(organization, to: &$0) }
    }

    func listOrganizations(_ request: HTTPRequest) throws -> HTTPResponse {
        let tenants = try authorizedTenants()
        let organizations = try tenants.listOrganizations()
        return JSONResponse.make(capacity: 64 + organizations.count * 128) { writer in
            writer.beginArray()
            for organization in organizations { AdminJSON.write(organization, to: &writer) }
            writer.endArray()
        }
    }

    func retrieveOrganization(_ request: HTTPRequest) throws -> HTTPResponse {
        let tenants = try authorizedTenants()
        let id = try PathID.require(request, "org_id", kind: .org)
        guard let organization = try tenants.organization(id: id) else {
            throw APIError.notFound(.org, id: id)
        }
        return JSONResponse.make { AdminJSON.write(organization, to: &$0) }
    }

    /// Deletes the organization with its identities, agents, blocks, tags and API keys; answers
    /// `null`. The default organization cannot be deleted (409).
    func deleteOrganization(_ request: HTTPRequest) throws -> HTTPResponse {
        let tenants = try authorizedTenants()
        let id = try PathID.require(request, "org_id", kind: .org)
        guard id != Actor.defaultOrganizationID else {
            throw APIError.conflict("The default organization cannot be deleted")
        }
        guard try tenants.deleteOrganization(id: id) else {
            throw APIError.notFound(.org, id: id)
        }
        return JSONResponse.null
    }

    // MARK: API keys

    func createKey(_ request: HTTPRequest) throws -> HTTPResponse {
        let tenants = try authorizedTenants()
        let body = try RequestBody.object(request)
        let validator = Validator()
        validator.forbidExtraKeys(body, allowed: ["organization_id", "name"], at: ["body"])
        var organizationID: String?
        if let value = validator.required(body, "organization_id", at: ["body"]),
           let text = validator.string(value, at: ["body", "organization_id"]),
           validator.checkID(text, kind: .org, at: ["body", "organization_id"]) {
            organizationID = text
        }
        let name = Self.name(body, required: false, validator: validator)
        try validator.throwIfInvalid()
        let secret = APIKeySecret.generate()
        let key = try tenants.createAPIKey(APIKey(
            organizationID: organizationID ?? "", name: name, secretDigest: APIKeySecret.digest(secret)))
        return JSONResponse.make { AdminJSON.write(key, secret: secret, to: &$0) }
    }

    func listKeys(_ request: HTTPRequest) throws -> HTTPResponse {
        let tenants = try authorizedTenants()
        let validator = Validator()
        let organizationID = QueryReader(request, validator: validator).nonEmptyString("organization_id")
        if let organizationID { validator.checkID(organizationID, kind: .org, at: ["query", "organization_id"]) }
        try validator.throwIfInvalid()
        let keys = try tenants.listAPIKeys(organizationID: organizationID)
        return JSONResponse.make(capacity: 64 + keys.count * 256) { writer in
            writer.beginArray()
            for key in keys { AdminJSON.write(key, secret: nil, to: &writer) }
            writer.endArray()
        }
    }

    func retrieveKey(_ request: HTTPRequest) throws -> HTTPResponse {
        let tenants = try authorizedTenants()
        let id = try PathID.require(request, "key_id", kind: .apiKey)
        guard let key = try tenants.apiKey(id: id) else { throw APIError.notFound(.apiKey, id: id) }
        return JSONResponse.make { AdminJSON.write(key, secret: nil, to: &$0) }
    }

    /// Revokes the key (idempotent: the first revocation time stays) and answers its record.
    /// Requests with it get 401 from then on.
    func revokeKey(_ request: HTTPRequest) throws -> HTTPResponse {
        let tenants = try authorizedTenants()
        let id = try PathID.require(request, "key_id", kind: .apiKey)
        guard let key = try tenants.revokeAPIKey(id: id, at: .now()) else {
            throw APIError.notFound(.apiKey, id: id)
        }
        return JSONResponse.make { AdminJSON.write(key, secret: nil, to: &$0) }
    }

    // MARK: Helpers

    /// The tenant store, once the caller is known to be the admin.
    private func authorizedTenants() throws(APIError) -> any TenantStore {
        switch RequestScope.current?.principal {
        case .admin?:
            break
        case .apiKey?:
            throw APIError(status: .forbidden, body: .message("The admin API needs the server password; API keys cannot use it"))
        case .anonymous?:
            throw APIError(status: .forbidden, body: .message(
                "The admin API is disabled: start the server with a password (--password or LETTA_SERVER_PASSWORD)"))
        case nil:
            throw APIError.unauthorized()
        }
        guard let tenants = context.tenants else {
            throw APIError(status: .notImplemented, body: .message(
                "Organizations and API keys are not supported by this storage backend"))
        }
        return tenants
    }

    /// `name`: a string of 1…200 characters; required for organizations, optional (null allowed) for keys.
    private static func name(_ body: JSONObject, required: Bool, validator: Validator) -> String? {
        let location: [LocationItem] = ["body", "name"]
        let value: JSONValue
        if required {
            guard let present = validator.required(body, "name", at: ["body"]) else { return nil }
            value = present
        } else {
            guard let present = body["name"], present != .null else { return nil }
            value = present
        }
        guard let text = validator.string(value, at: location) else { return nil }
        let length = text.count
        if length < 1 {
            validator.add("string_too_short", location, "String should have at least 1 character",
                          input: value, context: JSONObject([("min_length", .int(1))]))
        } else if length > maxNameLength {
            validator.add("string_too_long", location, "String should have at most \(maxNameLength) characters",
                          input: value, context: JSONObject([("max_length", .int(Int64(maxNameLength)))]))
        }
        return text
    }
}
