/// One item of `memory_blocks` in an agent create request (a CreateBlock, spec §2.2): unknown
/// keys are ignored, `label` is required, a missing or null `value` is `""`, NUL characters are
/// stripped from the value, tags are deduplicated.
struct AgentMemoryBlockInput {
    var label: String
    var value: String
    var limit: Int?
    var description: String?
    var metadata: JSONObject?
    var tags: [String]
    var projectID: String?
    var templateName: String?
    var isTemplate: Bool?
    var templateID: String?
    var baseTemplateID: String?
    var deploymentID: String?
    var entityID: String?
    var preserveOnMigration: Bool?
    var readOnly: Bool?
    var hidden: Bool?

    /// Reads one item, recording issues; nil when the item is unusable.
    static func read(_ value: JSONValue, at location: [LocationItem], validator: Validator) -> AgentMemoryBlockInput? {
        guard let object = validator.object(value, at: location) else { return nil }
        let label = validator.requiredString(object, "label", at: location)
        let text = validator.optionalString(object, "value", at: location)
        let input = AgentMemoryBlockInput(
            label: label ?? "",
            value: AgentMemoryBlockInput.strippingNUL(text ?? ""),
            limit: validator.optionalInt(object, "limit", at: location),
            description: validator.optionalString(object, "description", at: location),
            metadata: validator.optionalObject(object, "metadata", at: location),
            tags: validator.optionalStringArray(object, "tags", at: location).map(AgentMemoryBlockInput.deduplicated) ?? [],
            projectID: validator.optionalString(object, "project_id", at: location),
            templateName: validator.optionalString(object, "template_name", at: location),
            isTemplate: validator.optionalBool(object, "is_template", at: location),
            templateID: validator.optionalString(object, "template_id", at: location),
            baseTemplateID: validator.optionalString(object, "base_template_id", at: location),
            deploymentID: validator.optionalString(object, "deployment_id", at: location),
            entityID: validator.optionalString(object, "entity_id", at: location),
            preserveOnMigration: validator.optionalBool(object, "preserve_on_migration", at: location),
            readOnly: validator.optionalBool(object, "read_only", at: location),
            hidden: validator.optionalBool(object, "hidden", at: location)
        )
        return label == nil ? nil : input
    }

    /// The new block, owned by the actor's organization. `human`/`persona` blocks without a
    /// description get Letta's default description, which is stored (spec §7.6).
    func makeBlock(actor: Actor, createdAt: Timestamp) -> Block {
        Block(
            organizationID: actor.organizationID,
            label: label,
            value: value,
            limit: limit ?? Block.defaultLimit,
            description: description ?? AgentDefaults.blockDescription(label: label),
            metadata: metadata ?? JSONObject(),
            tags: tags,
            projectID: projectID,
            templateName: templateName,
            isTemplate: isTemplate ?? false,
            templateID: templateID,
            baseTemplateID: baseTemplateID,
            deploymentID: deploymentID,
            entityID: entityID,
            preserveOnMigration: preserveOnMigration ?? false,
            readOnly: readOnly ?? false,
            hidden: hidden,
            createdByID: actor.userID,
            lastUpdatedByID: actor.userID,
            createdAt: createdAt
        )
    }

    static func strippingNUL(_ text: String) -> String {
        text.utf8.contains(0) ? String(text.unicodeScalars.filter { $0 != "\0" }.map(Character.init)) : text
    }

    /// The values in first-seen order without repeats.
    static func deduplicated(_ values: [String]) -> [String] {
        var seen = Set<String>()
        return values.filter { seen.insert($0).inserted }
    }
}
