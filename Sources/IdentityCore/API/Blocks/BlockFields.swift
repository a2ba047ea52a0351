/// The fields of a `CreateBlock` or `BlockUpdate` body (docs/reference/letta-api.md §2.2). Unknown keys (and `id`)
/// are ignored, as Letta does. Each property is nil when the key is absent or, for an
/// update, null: a null never clears a field.
struct BlockFields {
    var label: String?
    var value: String?
    var limit: Int?
    var description: String?
    var metadata: JSONObject?
    var tags: [String]?
    var projectID: String?
    var templateName: String?
    var templateID: String?
    var baseTemplateID: String?
    var deploymentID: String?
    var entityID: String?
    var isTemplate: Bool?
    var readOnly: Bool?
    /// Nullable on create: `.some(nil)` stores null.
    var preserveOnMigration: Bool??
    /// Nullable on create: `.some(nil)` stores null.
    var hidden: Bool??

    /// Reads a `CreateBlock`: `label` is required; a missing or null `value` is `""`;
    /// non-nullable fields (`label`, `limit`, `is_template`, `read_only`) reject null.
    static func create(_ body: JSONObject, validator: Validator, at location: [LocationItem] = ["body"]) -> BlockFields {
        var fields = readCommon(body, validator: validator, at: location)
        if let label = validator.required(body, "label", at: location) {
            fields.label = validator.string(label, at: location + ["label"])
        }
        for key in ["limit", "is_template", "read_only"] where body[key] == .null {
            let message = key == "limit" ? "Input should be a valid integer" : "Input should be a valid boolean"
            validator.add(key == "limit" ? "int_type" : "bool_type", location + [.key(key)], message, input: .null)
        }
        if body["preserve_on_migration"] == .null { fields.preserveOnMigration = .some(nil) }
        if body["hidden"] == .null { fields.hidden = .some(nil) }
        return fields
    }

    /// Reads a `BlockUpdate`: every field optional, nulls ignored.
    static func update(_ body: JSONObject, validator: Validator, at location: [LocationItem] = ["body"]) -> BlockFields {
        var fields = readCommon(body, validator: validator, at: location)
        fields.label = validator.optionalString(body, "label", at: location)
        return fields
    }

    private static func readCommon(_ body: JSONObject, validator: Validator, at location: [LocationItem]) -> BlockFields {
        var fields = BlockFields()
        fields.value = validator.optionalString(body, "value", at: location).map(Block.sanitizedValue)
        fields.limit = validator.optionalInt(body, "limit", at: location)
        fields.description = validator.optionalString(body, "description", at: location)
        if let metadata = body["metadata"], metadata != .null {
            if case let .object(object) = metadata {
                fields.metadata = object
            } else {
                validator.add("dict_type", location + ["metadata"], "Input should be a valid dictionary", input: metadata)
            }
        }
        fields.tags = validator.optionalStringArray(body, "tags", at: location)
        fields.projectID = validator.optionalString(body, "project_id", at: location)
        fields.templateName = validator.optionalString(body, "template_name", at: location)
        fields.templateID = validator.optionalString(body, "template_id", at: location)
        fields.baseTemplateID = validator.optionalString(body, "base_template_id", at: location)
        fields.deploymentID = validator.optionalString(body, "deployment_id", at: location)
        fields.entityID = validator.optionalString(body, "entity_id", at: location)
        fields.isTemplate = validator.optionalBool(body, "is_template", at: location)
        fields.readOnly = validator.optionalBool(body, "read_only", at: location)
        if let flag = validator.optionalBool(body, "preserve_on_migration", at: location) { fields.preserveOnMigration = flag }
        if let flag = validator.optionalBool(body, "hidden", at: location) { fields.hidden = flag }
        return fields
    }

    /// A new block of `actor`'s organization from a validated `CreateBlock`. Tags are stored
    /// once each; human/persona blocks without a description get Letta's default.
    func makeBlock(for actor: Actor, createdAt: Timestamp = .now()) -> Block {
        Block(
            organizationID: actor.organizationID,
            label: label,
            value: value ?? "",
            limit: limit ?? Block.defaultLimit,
            description: description ?? Block.defaultDescription(forLabel: label),
            metadata: metadata ?? JSONObject(),
            tags: Block.uniqueTags(tags ?? []),
            projectID: projectID,
            templateName: templateName,
            isTemplate: isTemplate ?? false,
            templateID: templateID,
            baseTemplateID: baseTemplateID,
            deploymentID: deploymentID,
            entityID: entityID,
            preserveOnMigration: preserveOnMigration ?? false,
            readOnly: readOnly ?? false,
            hidden: hidden ?? nil,
            createdByID: actor.userID,
            lastUpdatedByID: actor.userID,
            createdAt: createdAt
        )
    }

    /// Applies the present fields of a `BlockUpdate`; `tags` replaces the tag set.
    func apply(to block: inout Block) {
        if let label { block.label = label }
        if let value { block.value = value }
        if let limit { block.limit = limit }
        if let description { block.description = description }
        if let metadata { block.metadata = metadata }
        if let tags { block.tags = Block.uniqueTags(tags) }
        if let projectID { block.projectID = projectID }
        if let templateName { block.templateName = templateName }
        if let templateID { block.templateID = templateID }
        if let baseTemplateID { block.baseTemplateID = baseTemplateID }
        if let deploymentID { block.deploymentID = deploymentID }
        if let entityID { block.entityID = entityID }
        if let isTemplate { block.isTemplate = isTemplate }
        if let readOnly { block.readOnly = readOnly }
        if let preserveOnMigration { block.preserveOnMigration = preserveOnMigration }
        if let hidden { block.hidden = hidden }
    }
}
