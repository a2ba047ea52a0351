import HTTPKit

/// The `/v1/identities` endpoints (docs/reference/letta-api.md §3.1–3.8) with the adopted improvements: upsert
/// creates (docs/reference/decisions.md #1), responses list the real links (#2), unknown linked ids are a 404
/// naming them (#3), property values must match their type (#14).
///
/// Every handler validates path, query and body first (422), then resolves the actor from
/// `user_id` (400 when malformed), then talks to the store once; what the store returns is
/// what is written back, without a second read.
struct IdentitiesAPI {
    let context: APIContext

    func register(on router: Router) {
        let api = self
        router.get("/v1/identities/") { request in try api.list(request) }
        router.get("/v1/identities/count") { request in try api.count(request) }
        router.get("/v1/identities/{identity_id}") { request in try api.retrieve(request) }
        router.post("/v1/identities/") { request in try api.create(request) }
        router.put("/v1/identities/") { request in try api.upsert(request) }
        router.patch("/v1/identities/{identity_id}") { request in try api.modify(request) }
        router.put("/v1/identities/{identity_id}/properties") { request in try api.replaceProperties(request) }
        router.delete("/v1/identities/{identity_id}") { request in try api.delete(request) }
    }

    private var store: any IdentityStore { context.store }

    // MARK: Reads

    /// `GET /v1/identities/`: filtered, paginated, newest first by default.
    func list(_ request: HTTPRequest) throws -> HTTPResponse {
        let query = try IdentityListQuery.decode(request)
        let actor = try context.actor(for: request)
        let page = try query.storePage(store: store, organizationID: actor.organizationID)
        let identities = try store.listIdentities(query.filter, page: page, organizationID: actor.organizationID)
        return JSONResponse.make(capacity: 64 + identities.count * 320) { writer in
            writer.beginArray()
            for identity in identities { identity.write(to: &writer) }
            writer.endArray()
        }
    }

    /// `GET /v1/identities/count`: every identity of the actor's organization, as a bare integer.
    func count(_ request: HTTPRequest) throws -> HTTPResponse {
        let actor = try context.actor(for: request)
        return JSONResponse.integer(try store.countIdentities(organizationID: actor.organizationID))
    }

    /// `GET /v1/identities/{identity_id}`.
    func retrieve(_ request: HTTPRequest) throws -> HTTPResponse {
        let id = try PathID.require(request, "identity_id", kind: .identity)
        let actor = try context.actor(for: request)
        guard let identity = try store.identity(id: id, organizationID: actor.organizationID) else {
            throw APIError.notFound(.identity, id: id)
        }
        return Self.render(identity)
    }

    // MARK: Writes

    /// `POST /v1/identities/`: 409 on a duplicate (key, project), 404 naming unknown linked ids.
    func create(_ request: HTTPRequest) throws -> HTTPResponse {
        let input = try Self.decodeCreate(request)
        let actor = try context.actor(for: request)
        let identity = input.makeIdentity(organizationID: actor.organizationID)
        return Self.render(try store.createIdentity(identity))
    }

    /// `PUT /v1/identities/`: updates the identity with this (key, project) or creates it.
    func upsert(_ request: HTTPRequest) throws -> HTTPResponse {
        let input = try Self.decodeCreate(request)
        let actor = try context.actor(for: request)
        let organizationID = actor.organizationID
        let identity = try store.upsertIdentity(
            identifierKey: input.identifierKey, projectID: input.projectID, organizationID: organizationID,
            make: { input.makeIdentity(organizationID: organizationID) },
            mutate: { input.applyUpsert(to: &$0) }
        )
        return Self.render(identity)
    }

    /// `PATCH /v1/identities/{identity_id}`: merges properties, adds links, 409 on a key clash.
    func modify(_ request: HTTPRequest) throws -> HTTPResponse {
        let id = try PathID.require(request, "identity_id", kind: .identity)
        let body = try RequestBody.object(request)
        let validator = Validator()
        guard let input = IdentityUpdateRequest.decode(body, validator: validator) else {
            throw APIError.validation(validator.issues)
        }
        let actor = try context.actor(for: request)
        let identity = try store.updateIdentity(id: id, organizationID: actor.organizationID) { input.apply(to: &$0) }
        return Self.render(identity)
    }

    /// `PUT /v1/identities/{identity_id}/properties`: the body is a bare array that replaces
    /// the whole property list (`[]` clears it).
    func replaceProperties(_ request: HTTPRequest) throws -> HTTPResponse {
        let id = try PathID.require(request, "identity_id", kind: .identity)
        let body = try Self.decodeListBody(request)
        let validator = Validator()
        guard let properties = IdentityPropertyList.decode(body, at: ["body"], validator: validator) else {
            throw APIError.validation(validator.issues)
        }
        let actor = try context.actor(for: request)
        let identity = try store.updateIdentity(id: id, organizationID: actor.organizationID) { $0.properties = properties }
        return Self.render(identity)
    }

    /// `DELETE /v1/identities/{identity_id}`: removes the identity and its links; answers `null`.
    func delete(_ request: HTTPRequest) throws -> HTTPResponse {
        let id = try PathID.require(request, "identity_id", kind: .identity)
        let actor = try context.actor(for: request)
        guard try store.deleteIdentity(id: id, organizationID: actor.organizationID) else {
            throw APIError.notFound(.identity, id: id)
        }
        return JSONResponse.null
    }

    // MARK: Helpers

    static func render(_ identity: Identity) -> HTTPResponse {
        JSONResponse.make(capacity: 320) { identity.write(to: &$0) }
    }

    /// The body of POST and PUT, or the 422 listing every problem.
    static func decodeCreate(_ request: HTTPRequest) throws(APIError) -> IdentityCreateRequest {
        let body = try RequestBody.object(request)
        let validator = Validator()
        guard let input = IdentityCreateRequest.decode(body, validator: validator) else {
            throw APIError.validation(validator.issues)
        }
        return input
    }

    /// A JSON body declared as a list: a non-JSON content type fails as `list_type` (the
    /// object-shaped `model_attributes_type` is for model bodies).
    static func decodeListBody(_ request: HTTPRequest) throws(APIError) -> JSONValue {
        if !request.body.isEmpty, RequestBody.declaresOtherContentType(request) {
            throw APIError.validation([
                ValidationIssue(
                    type: "list_type", location: ["body"], message: "Input should be a valid list",
                    input: .string(String(decoding: request.body, as: UTF8.self))
                ),
            ])
        }
        return try RequestBody.json(request)
    }
}
