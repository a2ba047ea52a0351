/// The body of `PATCH /v1/agents/{agent_id}/core-memory/blocks/{block_label}` (a BlockUpdate,
/// spec §2.2): every field optional, unknown keys ignored, only present non-null fields applied;
/// `tags` replaces the block's tag set.
struct AgentBlockChanges {
    private var changes: [(inout Block) -> Void] = []

    static func read(_ object: JSONObject, validator: Validator) -> AgentBlockChanges {
        let location: [LocationItem] = ["body"]
        var result = AgentBlockChanges()
        if let label = validator.optionalString(object, "label", at: location) { result.add { $0.label = label } }
        if let value = validator.optionalString(object, "value", at: location) {
            let stripped = AgentMemoryBlockInput.strippingNUL(value)
            result.add { $0.value = stripped }
        }
        if let limit = validator.optionalInt(object, "limit", at: location) { result.add { $0.limit = limit } }
        if let description = validator.optionalString(object, "description", at: location) {
            result.add { $0.description = description }
        }
        if let metadata = validator.optionalObject(object, "metadata", at: location) { result.add { $0.metadata = metadata } }
        if let tags = validator.optionalStringArray(object, "tags", at: location) {
            let unique = AgentMemoryBlockInput.deduplicated(tags)
            result.add { $0.tags = unique }
        }
        result.string(object, "project_id", validator) { $0.projectID = $1 }
        result.string(object, "template_name", validator) { $0.templateName = $1 }
        result.string(object, "template_id", validator) { $0.templateID = $1 }
        result.string(object, "base_template_id", validator) { $0.baseTemplateID = $1 }
        result.string(object, "deployment_id", validator) { $0.deploymentID = $1 }
        result.string(object, "entity_id", validator) { $0.entityID = $1 }
        result.bool(object, "is_template", validator) { $0.isTemplate = $1 }
        result.bool(object, "preserve_on_migration", validator) { $0.preserveOnMigration = $1 }
        result.bool(object, "read_only", validator) { $0.readOnly = $1 }
        result.bool(object, "hidden", validator) { $0.hidden = $1 }
        return result
    }

    func apply(to block: inout Block) {
        for change in changes { change(&block) }
    }

    private mutating func add(_ change: @escaping (inout Block) -> Void) {
        changes.append(change)
    }

    private mutating func string(
        _ object: JSONObject, _ key: String, _ validator: Validator, _ set: @escaping (inout Block, String) -> Void
    ) {
        guard let value = validator.optionalString(object, key, at: ["body"]) else { return }
        add { set(&$0, value) }
    }

    private mutating func bool(
        _ object: JSONObject, _ key: String, _ validator: Validator, _ set: @escaping (inout Block, Bool) -> Void
    ) {
        guard let value = validator.optionalBool(object, key, at: ["body"]) else { return }
        add { set(&$0, value) }
    }
}
