import HTTPKit

/// Query parameters of `GET /v1/agents/` and `GET /v1/agents/count` (docs/reference/letta-api.md §4.1–4.2).
struct AgentListQuery {
    var filter: AgentFilter
    var sortBy: AgentSortField
    var page: PageRequest

    /// The `include` values Letta accepts; relationships are always filled here (docs/reference/decisions.md #13),
    /// but other values are still a 422.
    static let includeValues = [
        "agent.blocks", "agent.identities", "agent.managed_group", "agent.pending_approval", "agent.secrets",
        "agent.sources", "agent.tags", "agent.tools",
    ]

    /// Reads every filter; pagination and ordering only when `paged` (the list, not the count).
    static func read(_ request: HTTPRequest, paged: Bool, validator: Validator) -> AgentListQuery {
        let query = QueryReader(request, validator: validator)
        var filter = AgentFilter()
        filter.name = query.nonEmptyString("name")
        filter.tags = query.strings("tags")
        filter.matchAllTags = query.bool("match_all_tags", default: false)
        filter.queryText = query.nonEmptyString("query_text")
        filter.projectID = query.nonEmptyString("project_id")
        filter.templateID = query.nonEmptyString("template_id")
        filter.baseTemplateID = query.nonEmptyString("base_template_id")
        filter.identityID = query.nonEmptyString("identity_id")
        filter.identifierKeys = query.strings("identifier_keys")
        if let reason = query.string("last_stop_reason") {
            filter.lastStopReason = validator.choice(
                .string(reason), allowed: AgentDefaults.stopReasons, at: ["query", "last_stop_reason"])
        }
        filter.createdByID = query.nonEmptyString("created_by_id")
        filter.includeHidden = query.bool("show_hidden_agents", default: false)

        var result = AgentListQuery(filter: filter, sortBy: .createdAt, page: PageRequest())
        guard paged else { return result }
        result.page = query.page(defaultLimit: 50, defaultOrder: .descending)
        if let orderBy = query.string("order_by") {
            let allowed = ["created_at", "updated_at", "last_run_completion"]
            if let field = validator.literalValue(orderBy, allowed: allowed, at: ["query", "order_by"]) {
                result.sortBy = AgentSortField(rawValue: field) ?? .createdAt
            }
        }
        _ = query.bool("ascending", default: false)
        checkInclude(query, validator: validator)
        return result
    }

    /// Validates `include` (each value one of `includeValues`); `include_relationships` takes any
    /// strings. Neither changes the response.
    static func checkInclude(_ query: QueryReader, validator: Validator) {
        for (index, value) in query.strings("include").enumerated() {
            _ = validator.literalValue(value, allowed: includeValues, at: ["query", "include", .index(index)])
        }
    }

    /// `order_by` of the lists that only sort by creation time.
    static func checkCreatedAtOrder(_ query: QueryReader, validator: Validator) {
        if let orderBy = query.string("order_by") {
            _ = validator.literalValue(orderBy, allowed: ["created_at"], at: ["query", "order_by"])
        }
    }
}
