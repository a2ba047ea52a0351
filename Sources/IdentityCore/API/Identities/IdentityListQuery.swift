import HTTPKit

/// The query of `GET /v1/identities/` (docs/reference/letta-api.md §3.1): filters and a page of the strict
/// record-cursor family P1 (§1.9).
struct IdentityListQuery {
    var filter: IdentityFilter
    var page: PageRequest

    static let defaultLimit = 50

    /// Reads the query, throwing a 422 listing every bad parameter. Empty `name`,
    /// `identifier_key` and `project_id` count as absent; `order_by` admits only `created_at`.
    static func decode(_ request: HTTPRequest) throws(APIError) -> IdentityListQuery {
        let validator = Validator()
        let reader = QueryReader(request, validator: validator)
        let filter = IdentityFilter(
            name: reader.nonEmptyString("name"),
            identifierKey: reader.nonEmptyString("identifier_key"),
            identityType: reader.enumeration("identity_type", as: IdentityType.self),
            projectID: reader.nonEmptyString("project_id")
        )
        let page = reader.page(defaultLimit: defaultLimit, defaultOrder: .descending)
        _ = reader.literal("order_by", allowed: ["created_at"])
        try validator.throwIfInvalid()
        return IdentityListQuery(filter: filter, page: page)
    }

    /// The page to ask the store for. With both cursors Letta returns the identities strictly
    /// between the two records in time, whatever the order, and rejects a `before` record older
    /// than the `after` record with 400; the cursors are looked up (`before` first) so an
    /// unknown one is the strict 404. The store reads `before`/`after` relative to the page's
    /// order, so for a descending page the two bounds trade places.
    func storePage(store: any IdentityStore, organizationID: String) throws -> PageRequest {
        guard let beforeID = page.before, let afterID = page.after else { return page }
        let before = try cursorRecord(beforeID, store: store, organizationID: organizationID)
        let after = try cursorRecord(afterID, store: store, organizationID: organizationID)
        if (before.createdAt, before.id) < (after.createdAt, after.id) {
            throw APIError.badRequest("'before' reference must be later than 'after' reference")
        }
        guard page.order == .descending else { return page }
        var swapped = page
        swapped.before = afterID
        swapped.after = beforeID
        return swapped
    }

    private func cursorRecord(_ id: String, store: any IdentityStore, organizationID: String) throws -> Identity {
        guard let record = try store.identity(id: id, organizationID: organizationID) else {
            throw APIError(StoreError.cursorNotFound(kind: .identity, id: id))
        }
        return record
    }
}
