/// Which browser origins may call the server, and the headers that say so (the Fetch
/// standard's CORS protocol), in the configuration most APIs use: a list of exact origins,
/// credentials allowed, every method and every requested header allowed.
///
/// - A preflight (`OPTIONS` with `Origin` and `Access-Control-Request-Method`) is answered by
///   the policy itself, before anything else sees the request (it carries no credentials):
///   200 `OK` for an allowed origin and a standard method, else 400 with
///   `{"detail":"Disallowed CORS origin"}` (or `… method`, or both, comma-separated).
/// - Any other request that names an `Origin` gets `Access-Control-Allow-Credentials: true`,
///   and, when the origin is allowed, `Access-Control-Allow-Origin: <origin>` and `Vary: Origin`.
/// - Requests without `Origin` are left alone.
///
/// Origins are compared as exact strings (`http://localhost:3000`, no trailing slash); `*`
/// allows every origin (echoed, since credentials are allowed).
public struct CORSPolicy: Sendable {
    /// The origins allowed, in configuration order.
    public let allowedOrigins: [String]
    /// How long (seconds) a browser may cache a preflight answer.
    public let maxAge: Int

    /// The methods a preflight may ask for, compared case-sensitively.
    public static let allowedMethods: [HTTPMethod] = [.delete, .get, .head, .options, .patch, .post, .put]

    public init(allowedOrigins: [String], maxAge: Int = 600) {
        self.allowedOrigins = allowedOrigins
        self.maxAge = maxAge
    }

    /// Whether `origin` is listed, or the list holds `*` (every origin, each echoed back).
    public func allows(origin: String) -> Bool {
        allowedOrigins.contains(origin) || allowedOrigins.contains("*")
    }

    /// Whether `request` is a CORS preflight: `OPTIONS` naming an origin and a requested method.
    public static func isPreflight(_ request: HTTPRequest) -> Bool {
        request.method == .options && request.headers.contains("Origin")
            && request.headers.contains("Access-Control-Request-Method")
    }

    /// The answer to a preflight request (see `isPreflight`).
    public func preflightResponse(to request: HTTPRequest) -> HTTPResponse {
        let origin = request.headers["Origin"] ?? ""
        let requestedMethod = request.headers["Access-Control-Request-Method"] ?? ""
        var headers = HTTPHeaders()
        headers.add(name: "Vary", value: "Origin")
        headers.add(name: "Access-Control-Allow-Methods", value: Self.allowedMethods.map(\.rawValue).joined(separator: ", "))
        headers.add(name: "Access-Control-Max-Age", value: String(maxAge))
        headers.add(name: "Access-Control-Allow-Credentials", value: "true")
        var failures: [String] = []
        if allows(origin: origin) {
            headers.add(name: "Access-Control-Allow-Origin", value: origin)
        } else {
            failures.append("origin")
        }
        if !Self.allowedMethods.contains(HTTPMethod(requestedMethod)) { failures.append("method") }
        if let requestedHeaders = request.headers["Access-Control-Request-Headers"] {
            headers.add(name: "Access-Control-Allow-Headers", value: requestedHeaders)
        }
        guard failures.isEmpty else {
            var response = HTTPResponse.detail(.badRequest, "Disallowed CORS " + failures.joined(separator: ", "))
            for field in headers { response.headers.add(name: field.name, value: field.value) }
            return response
        }
        headers.add(name: "Content-Type", value: "text/plain; charset=utf-8")
        return HTTPResponse(status: .ok, headers: headers, body: Array("OK".utf8))
    }

    /// Adds the CORS headers for a request from `origin` to its response.
    public func decorate(_ response: inout HTTPResponse, origin: String) {
        response.headers.replaceOrAdd(name: "Access-Control-Allow-Credentials", value: "true")
        guard allows(origin: origin) else { return }
        response.headers.replaceOrAdd(name: "Access-Control-Allow-Origin", value: origin)
        let vary = response.headers.values(for: "Vary")
        let varies = vary.contains { $0.split(separator: ",").contains { $0.trimmingASCIIWhitespace().equalsIgnoringASCIICase("Origin") } }
        if !varies {
            response.headers.replaceOrAdd(name: "Vary", value: (vary + ["Origin"]).joined(separator: ", "))
        }
    }
}
