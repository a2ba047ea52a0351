/// Reads the query parameters of `GET /v1/blocks/` and `GET /v1/blocks/count` (docs/reference/letta-api.md §5.1,
/// §5.2), reporting every problem to the reader's validator.
enum BlockListQuery {
    /// Labels: ASCII letters, digits, `_`, `/`, `-`; 1–50 characters.
    static let labelRule = StringRule(
        pattern: "^[a-zA-Z0-9_/-]+$", minLength: 1, maxLength: 50,
        allows: { $0.isASCIIAlphanumeric || $0 == "_" || $0 == "/" || $0 == "-" }
    )
    /// Template names: ASCII letters, digits, space, `_`, `-`; 1–100 characters.
    static let nameRule = StringRule(
        pattern: "^[a-zA-Z0-9 _-]+$", minLength: 1, maxLength: 100,
        allows: { $0.isASCIIAlphanumeric || $0 == " " || $0 == "_" || $0 == "-" }
    )
    /// Free-text searches: 1–200 characters, anything goes.
    static let searchRule = StringRule(pattern: nil, minLength: 1, maxLength: 200, allows: { _ in true })

    /// The filter and page of `GET /v1/blocks/`: non-template, non-hidden blocks by default,
    /// oldest first, 50 per page, strict cursors (docs/reference/decisions.md #7: an unknown cursor is a 404).
    static func list(_ query: QueryReader) -> (BlockFilter, PageRequest) {
        var filter = BlockFilter()
        filter.label = labelRule.read(query, "label")
        filter.labelSearch = labelRule.read(query, "label_search")
        filter.isTemplate = query.bool("templates_only", default: false)
        filter.templateName = nameRule.read(query, "name")
        if let identityID = query.string("identity_id"),
           query.validator.checkID(identityID, kind: .identity, at: ["query", "identity_id"]) {
            filter.identityID = identityID
        }
        filter.identifierKeys = query.strings("identifier_keys")
        filter.projectID = query.string("project_id")
        filter.tags = query.strings("tags")
        filter.matchAllTags = query.bool("match_all_tags", default: false)
        filter.descriptionSearch = searchRule.read(query, "description_search")
        filter.valueSearch = searchRule.read(query, "value_search")
        filter.connectedToAgentsCountGreaterThan = query.int("connected_to_agents_count_gt")
        filter.connectedToAgentsCountLessThan = query.int("connected_to_agents_count_lt")
        filter.connectedToAgentsCountIn = ints(query, "connected_to_agents_count_eq")
        filter.includeHidden = query.bool("show_hidden_blocks", default: false)
        if filter.label != nil { filter.labelSearch = nil }
        checkLiteral(query, "order_by", allowed: "created_at")
        let page = query.page(defaultLimit: 50, defaultOrder: .ascending)
        return (filter, page)
    }

    /// The filter of `GET /v1/blocks/count`, with Letta's quirk: without any filter every
    /// block of the organization counts (templates and hidden ones too); with a filter, blocks
    /// whose `is_template` equals `templates_only` that match it, hidden ones included.
    static func count(_ query: QueryReader) -> BlockFilter {
        var filter = BlockFilter(includeHidden: true)
        filter.label = labelRule.read(query, "label")
        let templatesOnly = query.bool("templates_only", default: false)
        filter.templateName = nameRule.read(query, "name")
        filter.tags = query.strings("tags")
        filter.matchAllTags = query.bool("match_all_tags", default: false)
        filter.projectID = query.string("project_id")
        let unfiltered = filter.label == nil && filter.templateName == nil && filter.tags.isEmpty
            && filter.projectID == nil && !templatesOnly
        filter.isTemplate = unfiltered ? nil : templatesOnly
        return filter
    }

    /// Every value of a repeated integer parameter, each checked at `["query", name, index]`.
    static func ints(_ query: QueryReader, _ name: String) -> [Int] {
        query.strings(name).enumerated().compactMap { index, text in
            query.validator.intFromString(text, at: ["query", .key(name), .index(index)])
        }
    }

    /// A parameter that admits a single value (pydantic `Literal`), e.g. `order_by`.
    static func checkLiteral(_ query: QueryReader, _ name: String, allowed: String) {
        guard let text = query.string(name), text != allowed else { return }
        query.validator.add(
            "literal_error", ["query", .key(name)], "Input should be '\(allowed)'",
            input: .string(text), context: JSONObject([("expected", .string("'\(allowed)'"))])
        )
    }
}

/// A constrained query string (pydantic `constr`): length in code points first, then pattern.
struct StringRule: Sendable {
    let pattern: String?
    let minLength: Int
    let maxLength: Int
    let allows: @Sendable (Unicode.Scalar) -> Bool

    /// The parameter's first value if it satisfies the rule; nil (with an issue) otherwise.
    func read(_ query: QueryReader, _ name: String) -> String? {
        guard let text = query.string(name) else { return nil }
        return check(text, at: ["query", .key(name)], validator: query.validator) ? text : nil
    }

    func check(_ text: String, at location: [LocationItem], validator: Validator) -> Bool {
        let length = text.unicodeScalars.count
        if length < minLength {
            validator.add(
                "string_too_short", location, "String should have at least \(Self.characters(minLength))",
                input: .string(text), context: JSONObject([("min_length", .int(Int64(minLength)))])
            )
            return false
        }
        if length > maxLength {
            validator.add(
                "string_too_long", location, "String should have at most \(Self.characters(maxLength))",
                input: .string(text), context: JSONObject([("max_length", .int(Int64(maxLength)))])
            )
            return false
        }
        if let pattern, !text.unicodeScalars.allSatisfy(allows) {
            validator.add(
                "string_pattern_mismatch", location, "String should match pattern '\(pattern)'",
                input: .string(text), context: JSONObject([("pattern", .string(pattern))])
            )
            return false
        }
        return true
    }

    /// `1 character`, `50 characters`, as pydantic words it.
    private static func characters(_ count: Int) -> String {
        count == 1 ? "1 character" : "\(count) characters"
    }
}

extension Unicode.Scalar {
    var isASCIIAlphanumeric: Bool {
        ("a"..."z").contains(self) || ("A"..."Z").contains(self) || ("0"..."9").contains(self)
    }
}
