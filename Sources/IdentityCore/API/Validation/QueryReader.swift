import HTTPKit

/// Reads typed query parameters, reporting problems to a `Validator` with `loc: ["query", name]`.
public struct QueryReader {
    public let query: QueryParameters
    public let validator: Validator

    public init(_ request: HTTPRequest, validator: Validator) {
        self.query = request.query
        self.validator = validator
    }

    /// The first value of `name`, as given (empty strings kept).
    public func string(_ name: String) -> String? { query[name] }

    /// The first value of `name`, with an empty value treated as absent.
    public func nonEmptyString(_ name: String) -> String? {
        guard let value = query[name], !value.isEmpty else { return nil }
        return value
    }

    /// Every value of a repeated parameter (`?tags=a&tags=b`); commas are not split. More than
    /// `APILimits.maxListItems` values is a `too_long` issue.
    public func strings(_ name: String) -> [String] {
        let values = query.all(name)
        validator.checkListLength(values.count, at: ["query", .key(name)], input: .array(values.map(JSONValue.string)))
        return values
    }

    public func int(_ name: String) -> Int? {
        guard let text = query[name] else { return nil }
        return validator.intFromString(text, at: ["query", .key(name)])
    }

    public func bool(_ name: String, default defaultValue: Bool) -> Bool {
        guard let text = query[name] else { return defaultValue }
        return validator.boolFromString(text, at: ["query", .key(name)]) ?? defaultValue
    }

    public func enumeration<E: RawRepresentable & CaseIterable>(_ name: String, as type: E.Type) -> E?
    where E.RawValue == String {
        guard let text = query[name] else { return nil }
        return validator.enumeration(.string(text), as: type, at: ["query", .key(name)])
    }

    /// A `Literal[...]` parameter such as `order_by` (`literal_error` when not allowed).
    public func literal(_ name: String, allowed: [String]) -> String? {
        guard let text = query[name] else { return nil }
        return validator.literal(.string(text), allowed: allowed, at: ["query", .key(name)])
    }

    /// `before`, `after` (empty = absent, as Letta's `if before:`), `limit` (negative → 422;
    /// above `maximumLimit` → 422; 0 → no limit, or `maximumLimit` items when there is a cap) and
    /// `order` (`literal_error` unless `asc`/`desc`). The cap defaults to the request scope's
    /// `APILimits.maxPageSize`.
    public func page(
        defaultLimit: Int, defaultOrder: SortOrder, maximumLimit: Int? = RequestScope.limits.maxPageSize
    ) -> PageRequest {
        var page = PageRequest(
            before: nonEmptyString("before"), after: nonEmptyString("after"), limit: defaultLimit, order: defaultOrder
        )
        if let limit = int("limit") {
            if limit < 0 {
                validator.add(
                    "greater_than_equal", ["query", "limit"], "Input should be greater than or equal to 0",
                    input: .string(query["limit"] ?? ""), context: JSONObject([("ge", .int(0))])
                )
            } else if let maximumLimit, limit > maximumLimit {
                validator.add(
                    "less_than_equal", ["query", "limit"], "Input should be less than or equal to \(maximumLimit)",
                    input: .string(query["limit"] ?? ""), context: JSONObject([("le", .int(Int64(maximumLimit)))])
                )
            } else {
                page.limit = limit == 0 ? maximumLimit : limit
            }
        }
        if let order = literal("order", allowed: ["asc", "desc"]) {
            page.order = order == "asc" ? .ascending : .descending
        }
        return page
    }
}
