/// Which route template answered a request, for metrics: an index into the router's
/// `routeTemplates`, or one of two markers. The router sets it on every response a route
/// handler returns, so metrics are labelled by template (`/v1/items/{id}`), never by raw path.
public struct RouteLabel: Hashable, Sendable {
    public let index: Int32

    public init(index: Int32) {
        self.index = index
    }

    /// No route answered: 404, 405, 307, or a response made before routing.
    public static let unmatched = RouteLabel(index: -1)
    /// The response is left out of request metrics (e.g. the metrics endpoint itself).
    public static let uncounted = RouteLabel(index: -2)
}
