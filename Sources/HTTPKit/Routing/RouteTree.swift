/// The routes of a `Router` as a tree of path segments, matched over a path's UTF-8 bytes.
///
/// A path `/a/b/` is the segments `a`, `b` and `` (empty); `/` is one empty segment. Each
/// node has literal children (compared byte for byte), at most one parameter child, and
/// the handlers of the routes that end there.
final class RouteTree {
    typealias Bytes = UnsafeBufferPointer<UInt8>

    /// Written only while routes are added, before any matching (hence no dynamic
    /// exclusivity checks on the per-request reads).
    private final class Node {
        @exclusivity(unchecked) var literals: [(segment: [UInt8], node: Node)] = []
        @exclusivity(unchecked) var parameter: (name: String, node: Node)?
        @exclusivity(unchecked) var handlers: [Route] = []

        func literal(_ segment: Bytes) -> Node? {
            for child in literals where child.segment.count == segment.count {
                if child.segment.withUnsafeBufferPointer({ bytesEqual($0, segment) }) { return child.node }
            }
            return nil
        }

        func handler(for method: HTTPMethod) -> Route? {
            for route in handlers where route.method == method { return route }
            guard method == .head else { return nil }
            for route in handlers where route.method == .get { return route }
            return nil
        }
    }

    /// A handler and its method. A struct rather than a tuple, so the closure is stored as
    /// `HTTPHandler` itself and returned without a reabstraction thunk (an allocation).
    private struct Route {
        let method: HTTPMethod
        let handler: HTTPHandler
        let label: RouteLabel
    }

    /// A parameter bound while walking: its name and the byte range of its segment.
    private typealias Binding = (name: String, start: Int, end: Int)

    private let root = Node()

    func add(_ method: HTTPMethod, _ template: String, label: RouteLabel, _ handler: @escaping HTTPHandler) {
        var node = root
        for segment in Self.templateSegments(template) {
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
            } else {
                node = literalChild(of: node, segment)
            }
        }
        precondition(!node.handlers.contains { $0.method == method }, "duplicate route \(method) \(template)")
        node.handlers.append(Route(method: method, handler: handler, label: label))
    }

    /// Makes the literal path `alias` (e.g. `/latest`) lead to the same subtree as `prefix`
    /// (e.g. `/v1`): every route under `prefix`, added before or after, also answers under
    /// `alias`. Both must be literal paths; `alias` must not exist yet.
    func alias(_ alias: String, of prefix: String) {
        var target = root
        for segment in Self.templateSegments(prefix) { target = literalChild(of: target, segment) }
        var node = root
        let segments = Self.templateSegments(alias)
        precondition(!segments.isEmpty && segments.allSatisfy { !$0.hasPrefix("{") }, "alias must be a literal path")
        for segment in segments.dropLast() { node = literalChild(of: node, segment) }
        let last = Array(segments.last!.utf8)
        precondition(last.withUnsafeBufferPointer({ node.literal($0) }) == nil, "alias \(alias) already exists")
        node.literals.append((last, target))
    }

    /// The literal child of `node` for `segment`, created when missing.
    private func literalChild(of node: Node, _ segment: Substring) -> Node {
        let bytes = Array(segment.utf8)
        if let child = bytes.withUnsafeBufferPointer({ node.literal($0) }) { return child }
        let child = Node()
        node.literals.append((bytes, child))
        return child
    }

    /// Matches decoded path bytes: the first route in literal-first order that serves
    /// `method`; otherwise 405 with every method the matching routes serve, or 404.
    func match(_ method: HTTPMethod, _ path: Bytes) -> Router.Match {
        var bindings: [Binding] = []
        if let route = first(root, path, Self.bodyStart(path), method, &bindings) {
            var parameters = PathParameters()
            for binding in bindings {
                let value = String(decoding: Bytes(rebasing: path[binding.start..<binding.end]), as: UTF8.self)
                parameters.set(binding.name, value)
            }
            return .handler(route.handler, parameters, route.label)
        }
        var candidates: [Node] = []
        collect(root, path, Self.bodyStart(path), into: &candidates)
        guard !candidates.isEmpty else { return .notFound }
        var allowed: [HTTPMethod] = []
        for node in candidates {
            for method in node.handlers.map(\.method) where !allowed.contains(method) {
                allowed.append(method)
                if method == .get && !allowed.contains(.head) { allowed.append(.head) }
            }
        }
        return .methodNotAllowed(allowed: allowed)
    }

    /// Whether any route, for any method, matches the decoded path bytes.
    func hasRoute(_ path: Bytes) -> Bool {
        var candidates: [Node] = []
        collect(root, path, Self.bodyStart(path), into: &candidates)
        return !candidates.isEmpty
    }

    /// Depth-first, literal before parameter: the handler of the first node reached at the
    /// end of the path that serves `method`. `start > path.count` means no segment is left.
    private func first(
        _ node: Node, _ path: Bytes, _ start: Int, _ method: HTTPMethod, _ bindings: inout [Binding]
    ) -> Route? {
        if start > path.count { return node.handler(for: method) }
        let end = Self.segmentEnd(path, from: start)
        if let literal = node.literal(Bytes(rebasing: path[start..<end])),
           let found = first(literal, path, end + 1, method, &bindings) {
            return found
        }
        if let (name, child) = node.parameter, end > start {
            bindings.append((name, start, end))
            if let found = first(child, path, end + 1, method, &bindings) { return found }
            bindings.removeLast()
        }
        return nil
    }

    /// Every node with handlers that the path reaches, in the same literal-first order.
    private func collect(_ node: Node, _ path: Bytes, _ start: Int, into results: inout [Node]) {
        if start > path.count {
            if !node.handlers.isEmpty { results.append(node) }
            return
        }
        let end = Self.segmentEnd(path, from: start)
        if let literal = node.literal(Bytes(rebasing: path[start..<end])) {
            collect(literal, path, end + 1, into: &results)
        }
        if let (_, child) = node.parameter, end > start {
            collect(child, path, end + 1, into: &results)
        }
    }

    /// Segments begin after the leading `/`, if there is one.
    private static func bodyStart(_ path: Bytes) -> Int {
        path.first == UInt8(ascii: "/") ? 1 : 0
    }

    private static func segmentEnd(_ path: Bytes, from start: Int) -> Int {
        var end = start
        while end < path.count && path[end] != UInt8(ascii: "/") { end += 1 }
        return end
    }

    /// `/a/{b}/` → `["a", "{b}", ""]`.
    private static func templateSegments(_ template: String) -> [Substring] {
        let body = template.hasPrefix("/") ? template.dropFirst() : template[...]
        return body.split(separator: "/", omittingEmptySubsequences: false)
    }

    /// Runs `body` over the UTF-8 bytes of the percent-decoded path (invalid UTF-8 from
    /// decoding repaired with U+FFFD, as `PercentDecoding` does). A path without `%` is
    /// used in place.
    static func withDecodedBytes<T>(of path: Substring, _ body: (Bytes) -> T) -> T {
        let inPlace = path.utf8.withContiguousStorageIfAvailable { bytes -> T? in
            bytes.contains(UInt8(ascii: "%")) ? nil : body(bytes)
        }
        if let inPlace, let result = inPlace { return result }
        var decoded = PercentDecoding.decode(path)
        return decoded.withUTF8(body)
    }
}

/// Byte equality of two buffers of the same length.
@inline(__always)
private func bytesEqual(_ lhs: UnsafeBufferPointer<UInt8>, _ rhs: UnsafeBufferPointer<UInt8>) -> Bool {
    var index = 0
    while index < lhs.count {
        if lhs[index] != rhs[index] { return false }
        index += 1
    }
    return true
}
