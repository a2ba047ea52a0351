/// A complete HTTP response. The server adds `Date`, `Content-Length` and, when it closes
/// the connection, `Connection: close`; handlers set status, content headers and body.
public struct HTTPResponse: Sendable {
    public var status: HTTPStatus
    public var headers: HTTPHeaders
    public var body: [UInt8]
    /// The route template that produced it, for metrics (set by `Router`).
    public var route: RouteLabel = .unmatched

    public init(status: HTTPStatus = .ok, headers: HTTPHeaders = HTTPHeaders(), body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// A response whose body is already-encoded JSON.
    public static func json(_ body: [UInt8], status: HTTPStatus = .ok) -> HTTPResponse {
        HTTPResponse(status: status, headers: ["Content-Type": "application/json"], body: body)
    }

    /// `{"detail":"<message>"}`, the error shape FastAPI-style clients expect.
    /// The message is JSON-escaped.
    public static func detail(_ status: HTTPStatus, _ message: String) -> HTTPResponse {
        var body: [UInt8] = Array(#"{"detail":"#.utf8)
        JSONStringEscaping.append(message, to: &body)
        body.append(UInt8(ascii: "}"))
        return json(body, status: status)
    }

    /// The 500 for an error nothing more specific is known about; its body names no detail.
    public static func unknownError() -> HTTPResponse {
        detail(.internalServerError, "An unknown error occurred")
    }
}
