/// Direction of a list, by its sort key and then id.
public enum SortOrder: String, Sendable {
    case ascending = "asc"
    case descending = "desc"
}

/// One page of a list: cursors are object ids (or tag strings for tags), compared by the
/// cursor object's `(sort key, id)`; `after` gives items strictly after it in the chosen
/// order, `before` strictly before it; the page is taken from the start of what remains.
/// `limit == nil` means no limit.
public struct PageRequest: Sendable, Equatable {
    public var before: String?
    public var after: String?
    public var limit: Int?
    public var order: SortOrder

    public init(before: String? = nil, after: String? = nil, limit: Int? = 50, order: SortOrder = .descending) {
        self.before = before
        self.after = after
        self.limit = limit
        self.order = order
    }
}

/// How an unknown cursor id is treated.
public enum CursorPolicy: Sendable {
    /// Unknown cursor → `StoreError.cursorNotFound` (identities lists, spec family P1).
    case strict
    /// Unknown cursor → ignored (agents and blocks lists, family P2).
    case lenient
}

/// Filters of `GET /v1/identities/` (all optional, combined with AND).
public struct IdentityFilter: Sendable, Equatable {
    /// Case-insensitive substring of the name.
    public var name: String?
    public var identifierKey: String?
    public var identityType: IdentityType?
    public var projectID: String?

    public init(name: String? = nil, identifierKey: String? = nil, identityType: IdentityType? = nil, projectID: String? = nil) {
        self.name = name
        self.identifierKey = identifierKey
        self.identityType = identityType
        self.projectID = projectID
    }
}

/// The key agents can be sorted by.
public enum AgentSortField: String, Sendable {
    case createdAt = "created_at"
    case updatedAt = "updated_at"
    /// Agents that never ran (null) always come last, in both orders.
    case lastRunCompletion = "last_run_completion"
}

/// Filters of `GET /v1/agents/` and its count (docs/reference/letta-api.md §4.1), combined with AND.
public struct AgentFilter: Sendable, Equatable {
    /// Exact name.
    public var name: String?
    /// Empty: no tag filter. Otherwise any (or all, with `matchAllTags`) of these tags.
    public var tags: [String]
    public var matchAllTags: Bool
    /// Case-insensitive substring of the name.
    public var queryText: String?
    public var projectID: String?
    public var templateID: String?
    public var baseTemplateID: String?
    /// Agents linked to this identity (an unknown id matches nothing).
    public var identityID: String?
    /// Agents linked to at least one identity with one of these keys; each agent once.
    public var identifierKeys: [String]
    public var lastStopReason: String?
    public var createdByID: String?
    /// Hidden agents (`hidden == true`) are excluded unless this is set.
    public var includeHidden: Bool
    /// Agents attached to this block (used by `GET /v1/blocks/{id}/agents`).
    public var blockID: String?

    public init(
        name: String? = nil, tags: [String] = [], matchAllTags: Bool = false, queryText: String? = nil,
        projectID: String? = nil, templateID: String? = nil, baseTemplateID: String? = nil,
        identityID: String? = nil, identifierKeys: [String] = [], lastStopReason: String? = nil,
        createdByID: String? = nil, includeHidden: Bool = false, blockID: String? = nil
    ) {
        self.name = name
        self.tags = tags
        self.matchAllTags = matchAllTags
        self.queryText = queryText
        self.projectID = projectID
        self.templateID = templateID
        self.baseTemplateID = baseTemplateID
        self.identityID = identityID
        self.identifierKeys = identifierKeys
        self.lastStopReason = lastStopReason
        self.createdByID = createdByID
        self.includeHidden = includeHidden
        self.blockID = blockID
    }
}

/// Filters of `GET /v1/blocks/` and its count (docs/reference/letta-api.md §5.1–5.2), combined with AND.
public struct BlockFilter: Sendable, Equatable {
    /// Exact label.
    public var label: String?
    /// Case-insensitive substring of the label (ignored when `label` is set).
    public var labelSearch: String?
    /// `true`: only templates; `false`: only non-templates; `nil`: both.
    public var isTemplate: Bool?
    /// Exact `template_name`.
    public var templateName: String?
    public var identityID: String?
    public var identifierKeys: [String]
    public var projectID: String?
    public var tags: [String]
    public var matchAllTags: Bool
    public var descriptionSearch: String?
    public var valueSearch: String?
    public var connectedToAgentsCountGreaterThan: Int?
    public var connectedToAgentsCountLessThan: Int?
    /// Attached to exactly one of these numbers of agents (empty: no filter).
    public var connectedToAgentsCountIn: [Int]
    /// Hidden blocks (`hidden == true`) are excluded unless this is set.
    public var includeHidden: Bool

    public init(
        label: String? = nil, labelSearch: String? = nil, isTemplate: Bool? = false, templateName: String? = nil,
        identityID: String? = nil, identifierKeys: [String] = [], projectID: String? = nil, tags: [String] = [],
        matchAllTags: Bool = false, descriptionSearch: String? = nil, valueSearch: String? = nil,
        connectedToAgentsCountGreaterThan: Int? = nil, connectedToAgentsCountLessThan: Int? = nil,
        connectedToAgentsCountIn: [Int] = [], includeHidden: Bool = false
    ) {
        self.label = label
        self.labelSearch = labelSearch
        self.isTemplate = isTemplate
        self.templateName = templateName
        self.identityID = identityID
        self.identifierKeys = identifierKeys
        self.projectID = projectID
        self.tags = tags
        self.matchAllTags = matchAllTags
        self.descriptionSearch = descriptionSearch
        self.valueSearch = valueSearch
        self.connectedToAgentsCountGreaterThan = connectedToAgentsCountGreaterThan
        self.connectedToAgentsCountLessThan = connectedToAgentsCountLessThan
        self.connectedToAgentsCountIn = connectedToAgentsCountIn
        self.includeHidden = includeHidden
    }
}
