/// Routes requests by method and path template to handlers.
///
/// Templates are paths whose segments are literals or `{name}` parameters, e.g.
/// `/v1/identities/{identity_id}/agents`. A trailing slash is significant (`/v1/agents/`
/// and `/v1/agents` are different routes). Matching rules:
/// - the path is percent-decoded before it is split, so `%2F` acts as a separator;
/// - segments are split at `/` bytes and literals compared byte for byte (UTF-8);
/// - literal segments win over parameters, with backtracking: if the literal branch does
///   not serve the method, a parameter route that does is used (`PATCH /v1/blocks/count`
///   reaches `PATCH /v1/blocks/{block_id}`);
/// - a parameter matches one non-empty segment;
/// - a path that matches routes but none for the method answers 405 with `Allow`;
/// - `HEAD` is served by the `GET` handler when no `HEAD` route exists;
/// - a path that matches nothing, but would with its trailing slash toggled, answers
///   307 with `Location` pointing there (query string kept), as Starlette does;
/// - anything else is 404.
///
/// Matching walks the route tree over the path's UTF-8 bytes; the only Strings it creates
/// are the values of bound parameters (see `RouteTree`).
///
/// Configure all routes before the router starts serving: it is not mutated afterwards.
public final class Router: HTTPResponder, @unchecked Sendable {
    private let tree = RouteTree()
    private var registered: [(method: HTTPMethod, template: String)] = []
    private var templates: [String] = []

    /// Called with any error a handler throws that is not an `HTTPResponseError`
    /// (those become 500s); use it to log the cause.
    public var onUnhandledError: (@Sendable (any Error, HTTPRequest) -> Void)?

    public init() {}

    /// Every registered (method, template) pair, in registration order.
    public var routes: [(method: HTTPMethod, template: String)] { registered }

    /// Every distinct template, in registration order: `RouteLabel.index` points here.
    public var routeTemplates: [String] { templates }

    public func add(_ method: HTTPMethod, _ template: String, _ handler: @escaping HTTPHandler) {
        let index = templates.firstIndex(of: template) ?? templates.count
        if index == templates.count { templates.append(template) }
        tree.add(method, template, label: RouteLabel(index: Int32(index)), handler)
        registered.append((method, template))
    }

    /// Serves every route under the literal path `prefix` under `alias` as well, e.g.
    /// `router.alias("/latest", of: "/v1")`: `/latest/agents/` answers as `/v1/agents/`,
    /// and its redirects point at `/latest/…`. Aliased paths are not listed in `routes`.
    public func alias(_ alias: String, of prefix: String) {
        tree.alias(alias, of: prefix)
    }

    public func get(_ template: String, _ handler: @escaping HTTPHandler) { add(.get, template, handler) }
    public func post(_ template: String, _ handler: @escaping HTTPHandler) { add(.post, template, handler) }
    public func put(_ template: String, _ handler: @escaping HTTPHandler) { add(.put, template, handler) }
    public func patch(_ template: String, _ handler: @escaping HTTPHandler) { add(.patch, template, handler) }
    public func delete(_ template: String, _ handler: @escaping HTTPHandler) { add(.delete, template, handler) }

    /// The outcome of matching a method and path against the routes.
    public enum Match {
        case handler(HTTPHandler, PathParameters, RouteLabel)
        case methodNotAllowed(allowed: [HTTPMethod])
        case notFound
    }

    /// Matches a raw (percent-encoded) path.
    public func match(_ method: HTTPMethod, path: Substring) -> Match {
        RouteTree.withDecodedBytes(of: path) { bytes in tree.match(method, bytes) }
    }

    public func respond(to request: HTTPRequest) -> HTTPResponse {
        let path = request.path
        switch match(request.method, path: path) {
        case let .handler(handler, parameters, label):
            // Without parameters to bind, the request is passed on as is (no copy).
            if parameters.isEmpty && request.pathParameters.isEmpty { return run(handler, request, label) }
            var bound = request
            bound.pathParameters = parameters
            return run(handler, bound, label)
        case let .methodNotAllowed(allowed):
            var response = HTTPResponse.detail(.methodNotAllowed, "Method Not Allowed")
            response.headers.add(name: "Allow", value: allowed.map(\.rawValue).joined(separator: ", "))
            return response
        case .notFound:
            if let redirect = trailingSlashRedirect(for: request, path: path) {
                return redirect
            }
            return .detail(.notFound, "Not Found")
        }
    }

    /// Runs the handler and labels its response with the route (unless the handler left it
    /// out of metrics).
    private func run(_ handler: HTTPHandler, _ request: HTTPRequest, _ label: RouteLabel) -> HTTPResponse {
        var response: HTTPResponse
        do {
            response = try handler(request)
        } catch let error as any HTTPResponseError {
            response = error.makeResponse()
        } catch {
            onUnhandledError?(error, request)
            response = .unknownError()
        }
        if response.route != .uncounted { response.route = label }
        return response
    }

    private func trailingSlashRedirect(for request: HTTPRequest, path: Substring) -> HTTPResponse? {
        guard path != "/" && !path.isEmpty else { return nil }
        let toggled = path.hasSuffix("/") ? String(path.dropLast()) : path + "/"
        let matchesRoute = RouteTree.withDecodedBytes(of: toggled[...]) { tree.hasRoute($0) }
        guard matchesRoute else { return nil }
        var location = toggled
        if let host = request.headers["Host"], !host.isEmpty {
            location = "http://" + host + toggled
        }
        if let query = request.queryString {
            location += "?" + query
        }
        return HTTPResponse(status: .temporaryRedirect, headers: ["Location": location])
    }
}
