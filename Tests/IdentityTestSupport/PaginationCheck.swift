import Testing

@testable import IdentityCore
@testable import IdentitySQLite
@testable import IdentityPostgres

/// Checks a list against its expected order (ids in page order) under every cursor combination.
package enum PaginationCheck {
    /// - `list`: returns the ids of one page for a request in `order`.
    package static func verify(
        expected: [String], order: SortOrder, pageSize: Int, sourceLocation: SourceLocation = #_sourceLocation,
        _ list: (PageRequest) throws -> [String]
    ) throws {
        #expect(try list(StoreFixture.page(order)) == expected, "whole list", sourceLocation: sourceLocation)
        #expect(
            try list(StoreFixture.page(order, limit: pageSize)) == Array(expected.prefix(pageSize)), "first page",
            sourceLocation: sourceLocation)

        var forward: [String] = []
        var cursor: String?
        for _ in 0...expected.count {
            let page = try list(StoreFixture.page(order, limit: pageSize, after: cursor))
            forward += page
            guard page.count == pageSize, let last = page.last else { break }
            cursor = last
        }
        #expect(forward == expected, "pages after pages", sourceLocation: sourceLocation)

        for (index, id) in expected.enumerated() {
            #expect(
                try list(StoreFixture.page(order, after: id)) == Array(expected[(index + 1)...]), "after \(index)",
                sourceLocation: sourceLocation)
            #expect(
                try list(StoreFixture.page(order, before: id)) == Array(expected[..<index]), "before \(index)",
                sourceLocation: sourceLocation)
            #expect(
                try list(StoreFixture.page(order, limit: pageSize, before: id))
                    == Array(expected[..<index].prefix(pageSize)), "first page before \(index)",
                sourceLocation: sourceLocation)
        }
        for (low, after) in expected.enumerated() {
            for (high, before) in expected.enumerated() {
                let between = low < high ? Array(expected[(low + 1)..<high]) : []
                #expect(
                    try list(StoreFixture.page(order, after: after, before: before)) == between,
                    "between \(low) and \(high)", sourceLocation: sourceLocation)
            }
        }
    }

    /// `items` ordered by `(key, id)` in `order`.
    package static func sorted<T>(_ items: [T], _ order: SortOrder, key: (T) -> Int64, id: (T) -> String) -> [String] {
        let ascending = items.sorted { (key($0), id($0)) < (key($1), id($1)) }.map(id)
        return order == .ascending ? ascending : ascending.reversed()
    }

    /// Every agent sort field in both orders, for parameterized agent list tests.
    package static let agentSorts: [(AgentSortField, SortOrder)] = [
        (.createdAt, .ascending), (.createdAt, .descending), (.updatedAt, .ascending), (.updatedAt, .descending),
        (.lastRunCompletion, .ascending), (.lastRunCompletion, .descending),
    ]

    /// Expected agent order: `(key, id)` in the order; for last_run_completion, agents that never ran last.
    package static func sorted(_ agents: [Agent], _ field: AgentSortField, _ order: SortOrder) -> [String] {
        switch field {
        case .createdAt:
            return sorted(agents, order, key: \.createdAt.microseconds, id: \.id)
        case .updatedAt:
            return sorted(agents, order, key: \.updatedAt.microseconds, id: \.id)
        case .lastRunCompletion:
            let ran = agents.filter { $0.lastRunCompletion != nil }
            let never = agents.filter { $0.lastRunCompletion == nil }
            return sorted(ran, order, key: { $0.lastRunCompletion!.microseconds }, id: \.id)
                + sorted(never, order, key: { _ in 0 }, id: \.id)
        }
    }
}
