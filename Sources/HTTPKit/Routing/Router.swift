/// Routes requests by method and path template to handlers.
///
/// Templates are paths whose segments are literals or `{name}` parameters, e.g.
/// `/v1/identities/{identity_id}/agents`. A trailing slash is significant (`/v1/agents/`
/// and `/v1/agents` are different routes). Matching rules:
/// - the path is percent-decoded before it is split, so `%2F` acts as a separator;
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
/// Configure all routes before the router starts serving: it is not mutated afterwards.
public final class Router: HTTPResponder, @unchecked Sendable {
    private let root = Node()
    private var registered: [(method: HTTPMethod, template: String)] = []

    /// Called with any error a handler throws that is not an `HTTPResponseError`
    /// (those become 500s); use it to log the cause.
    public var onUnhandledError: (@Sendable (any Error, HTTPRequest) -> Void)?

    public init() {}

    /// Every registered (method, template) pair, in registration order.
    public var routes: [(method: HTTPMethod, template: String)] { registered }

    public func add(_ method: HTTPMethod, _ template: String, _ handler: @escaping HTTPHandler) {
        var node = root
        for segment in Self.segments(of: template[...]) {
            if segment.hasPrefix("{") && segment.hasSuffix("}") {
                let name = String(segment.dropFirst().dropLast())
                if let existing = node.parameter {
                    precondition(existing.name == name, "conflicting parameter names at \(template)")
                    node = existing.node
                } else {
                    let child = Node()
                    node.parameter = (name, child)
                    node = child
                }
            } else if let child = node.literals[String(segment)] {
                node = child
            } else {
                let child = Node()
                node.literals[String(segment)] = child
                node = child
            }
        }
        precondition(!node.handlers.contains { $0.method == method }, "duplicate route \(method) \(template)")
        node.handlers.append((method, handler))
        registered.append((method, template))
    }

    public func get(_ template: String, _ handler: @escaping HTTPHandler) { add(.get, template, handler) }
    public func post(_ template: String, _ handler: @escaping HTTPHandler) { add(.post, template, handler) }
    public func put(_ template: String, _ handler: @escaping HTTPHandler) { add(.put, template, handler) }
    public func patch(_ template: String, _ handler: @escaping HTTPHandler) { add(.patch, template, handler) }
    public func delete(_ template: String, _ handler: @escaping HTTPHandler) { add(.delete, template, handler) }

    /// The outcome of matching a method and path against the routes.
    public enum Match {
        case handler(HTTPHandler, PathParameters)
        case methodNotAllowed(allowed: [HTTPMethod])
        case notFound
    }

    /// Matches a raw (percent-encoded) path.
    public func match(_ method: HTTPMethod, path: Substring) -> Match {
        let decoded = PercentDecoding.decode(path)
        let segments = Self.segments(of: decoded[...])
        var candidates: [(Node, PathParameters)] = []
        collect(root, segments, 0, PathParameters(), into: &candidates)
        guard !candidates.isEmpty else { return .notFound }
        for (node, parameters) in candidates {
            if let handler = node.handler(for: method) {
                return .handler(handler, parameters)
            }
        }
        var allowed: [HTTPMethod] = []
        for (node, _) in candidates {
            for (method, _) in node.handlers where !allowed.contains(method) {
                allowed.append(method)
                if method == .get && !allowed.contains(.head) { allowed.append(.head) }
            }
        }
        return .methodNotAllowed(allowed: allowed)
    }

    public func respond(to request: HTTPRequest) -> HTTPResponse {
        let path = request.path
        switch match(request.method, path: path) {
        case let .handler(handler, parameters):
            var request = request
            request.pathParameters = parameters
            do {
                return try handler(request)
            } catch let error as any HTTPResponseError {
                return error.makeResponse()
            } catch {
                onUnhandledError?(error, request)
                return .detail(.internalServerError, "An unknown error occurred")
            }
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

    private func trailingSlashRedirect(for request: HTTPRequest, path: Substring) -> HTTPResponse? {
        guard path != "/" && !path.isEmpty else { return nil }
        let toggled = path.hasSuffix("/") ? String(path.dropLast()) : path + "/"
        let decoded = PercentDecoding.decode(toggled)
        var candidates: [(Node, PathParameters)] = []
        collect(root, Self.segments(of: decoded[...]), 0, PathParameters(), into: &candidates)
        guard !candidates.isEmpty else { return nil }
        var location = toggled
        if let host = request.headers["Host"], !host.isEmpty {
            location = "http://" + host + toggled
        }
        if let query = request.queryString {
            location += "?" + query
        }
        return HTTPResponse(status: .temporaryRedirect, headers: ["Location": location])
    }

    private func collect(
        _ node: Node,
        _ segments: [Substring],
        _ index: Int,
        _ parameters: PathParameters,
        into results: inout [(Node, PathParameters)]
    ) {
        if index == segments.count {
            if !node.handlers.isEmpty { results.append((node, parameters)) }
            return
        }
        let segment = segments[index]
        if let literal = node.literals[String(segment)] {
            collect(literal, segments, index + 1, parameters, into: &results)
        }
        if let (name, child) = node.parameter, !segment.isEmpty {
            var bound = parameters
            bound.set(name, String(segment))
            collect(child, segments, index + 1, bound, into: &results)
        }
    }

    /// `/a/b/` → `["a", "b", ""]`; `/a/b` → `["a", "b"]`; `/` → `[""]`.
    static func segments(of path: Substring) -> [Substring] {
        let body = path.hasPrefix("/") ? path.dropFirst() : path
        return body.split(separator: "/", omittingEmptySubsequences: false)
    }

    private final class Node {
        var literals: [String: Node] = [:]
        var parameter: (name: String, node: Node)?
        var handlers: [(method: HTTPMethod, handler: HTTPHandler)] = []

        func handler(for method: HTTPMethod) -> HTTPHandler? {
            if let found = handlers.first(where: { $0.method == method }) { return found.handler }
            if method == .head { return handlers.first { $0.method == .get }?.handler }
            return nil
        }
    }
}
