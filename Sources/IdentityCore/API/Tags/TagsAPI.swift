import HTTPKit

/// `GET /v1/tags/` (docs/reference/letta-api.md §6.1, with its recommendation): the distinct tags of the
/// organization's agents and blocks, in code-point order (`asc` by default), cursors are tag
/// strings, `name` (or its deprecated alias `query_text`) filters by case-insensitive
/// substring, `limit` defaults to 50 and `0` means no limit.
struct TagsAPI {
    let context: APIContext

    func register(on router: Router) {
        router.get("/v1/tags/") { request in try list(request) }
    }

    func list(_ request: HTTPRequest) throws -> HTTPResponse {
        let validator = Validator()
        let query = QueryReader(request, validator: validator)
        let page = query.page(defaultLimit: 50, defaultOrder: .ascending)
        BlockListQuery.checkLiteral(query, "order_by", allowed: "name")
        let text = query.nonEmptyString("name") ?? query.nonEmptyString("query_text")
        try validator.throwIfInvalid()
        let actor = try context.actor(for: request)
        let tags = try context.store.listTags(nameContains: text, page: page, organizationID: actor.organizationID)
        return JSONResponse.make(capacity: 16 + tags.reduce(0) { $0 + $1.utf8.count + 3 }) { writer in
            writer.stringArray(tags)
        }
    }
}
