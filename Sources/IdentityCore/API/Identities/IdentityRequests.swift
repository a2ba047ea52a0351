/// The body of `POST /v1/identities/` (`IdentityCreate`) and `PUT /v1/identities/`
/// (`IdentityUpsert`), which have the same fields (docs/reference/letta-api.md §2.1). Unknown keys are rejected.
struct IdentityCreateRequest {
    var identifierKey: String
    var name: String
    var identityType: IdentityType
    var projectID: String?
    var agentIDs: [String]?
    var blockIDs: [String]?
    var properties: [IdentityProperty]?

    static let fields: Set<String> = [
        "identifier_key", "name", "identity_type", "project_id", "agent_ids", "block_ids", "properties",
    ]

    /// Reads the body, reporting every problem to `validator` (fields in declaration order,
    /// then unknown keys, as pydantic does); nil when anything is wrong.
    static func decode(_ body: JSONObject, validator: Validator) -> IdentityCreateRequest? {
        let location: [LocationItem] = ["body"]
        let identifierKey = validator.requiredString(body, "identifier_key", at: location)
        let name = validator.requiredString(body, "name", at: location)
        let identityType = validator.required(body, "identity_type", at: location).flatMap {
            validator.enumeration($0, as: IdentityType.self, at: location + ["identity_type"])
        }
        let projectID = validator.optionalString(body, "project_id", at: location)
        let agentIDs = validator.optionalIDArray(body, "agent_ids", kind: .agent, at: location)
        let blockIDs = validator.optionalIDArray(body, "block_ids", kind: .block, at: location)
        let properties = optionalProperties(body, at: location, validator: validator)
        validator.forbidExtraKeys(body, allowed: fields, at: location)
        guard let identifierKey, let name, let identityType, validator.isValid else { return nil }
        return IdentityCreateRequest(
            identifierKey: identifierKey, name: name, identityType: identityType, projectID: projectID,
            agentIDs: agentIDs, blockIDs: blockIDs, properties: properties
        )
    }

    /// The identity `POST` stores (and `PUT` when no identity has the key): a new id, the
    /// actor's organization, properties as given, links to the given agents and blocks.
    func makeIdentity(organizationID: String) -> Identity {
        Identity(
            identifierKey: identifierKey, name: name, identityType: identityType, projectID: projectID,
            organizationID: organizationID, properties: properties ?? [],
            agentIDs: agentIDs ?? [], blockIDs: blockIDs ?? []
        )
    }

    /// Upsert's update path (docs/reference/letta-api.md §3.5): name and type overwritten; properties and agent links
    /// replaced when given; `block_ids` ignored; key and project are the lookup key.
    func applyUpsert(to identity: inout Identity) {
        identity.name = name
        identity.identityType = identityType
        if let properties { identity.properties = properties }
        if let agentIDs { identity.agentIDs = agentIDs }
    }
}

/// The body of `PATCH /v1/identities/{identity_id}` (`IdentityUpdate`): every field optional,
/// null meaning "unchanged"; there is no `project_id` (sending it is `extra_forbidden`).
struct IdentityUpdateRequest {
    var identifierKey: String?
    var name: String?
    var identityType: IdentityType?
    var agentIDs: [String]?
    var blockIDs: [String]?
    var properties: [IdentityProperty]?

    static let fields: Set<String> = ["identifier_key", "name", "identity_type", "agent_ids", "block_ids", "properties"]

    static func decode(_ body: JSONObject, validator: Validator) -> IdentityUpdateRequest? {
        let location: [LocationItem] = ["body"]
        var request = IdentityUpdateRequest()
        request.identifierKey = validator.optionalString(body, "identifier_key", at: location)
        request.name = validator.optionalString(body, "name", at: location)
        if let value = body["identity_type"], value != .null {
            request.identityType = validator.enumeration(value, as: IdentityType.self, at: location + ["identity_type"])
        }
        request.agentIDs = validator.optionalIDArray(body, "agent_ids", kind: .agent, at: location)
        request.blockIDs = validator.optionalIDArray(body, "block_ids", kind: .block, at: location)
        request.properties = IdentityCreateRequest.optionalProperties(body, at: location, validator: validator)
        validator.forbidExtraKeys(body, allowed: fields, at: location)
        return validator.isValid ? request : nil
    }

    /// PATCH semantics (docs/reference/letta-api.md §3.6): scalars overwritten when given, properties merged by key,
    /// agent and block links added to the existing ones (never removed).
    func apply(to identity: inout Identity) {
        if let identifierKey { identity.identifierKey = identifierKey }
        if let name { identity.name = name }
        if let identityType { identity.identityType = identityType }
        if let properties { identity.properties = IdentityPropertyList.merge(properties, into: identity.properties) }
        if let agentIDs { identity.agentIDs = Self.adding(agentIDs, to: identity.agentIDs) }
        if let blockIDs { identity.blockIDs = Self.adding(blockIDs, to: identity.blockIDs) }
    }

    /// `existing` followed by the ids of `new` it lacks, each once, in the given order.
    static func adding(_ new: [String], to existing: [String]) -> [String] {
        var result = existing
        var seen = Set(existing)
        for id in new where seen.insert(id).inserted { result.append(id) }
        return result
    }
}

extension IdentityCreateRequest {
    /// An optional `properties` list: absent or null → nil.
    static func optionalProperties(_ body: JSONObject, at location: [LocationItem], validator: Validator) -> [IdentityProperty]? {
        guard let value = body["properties"], value != .null else { return nil }
        return IdentityPropertyList.decode(value, at: location + ["properties"], validator: validator)
    }
}
