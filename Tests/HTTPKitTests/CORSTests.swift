import Testing
@testable import HTTPKit

/// The CORS policy as Letta's server configures it (explicit origins, credentials, every method
/// and header), applied by `CORSResponder` in front of a responder.
@Suite struct CORSTests {
    static let allowed = "http://localhost:3000"
    let policy = CORSPolicy(allowedOrigins: ["http://localhost:8283", CORSTests.allowed])

    /// A responder that answers 200 `{"detail":"inner"}` to everything and counts its calls.
    final class Inner: HTTPResponder, @unchecked Sendable {
        var calls = 0
        func respond(to request: HTTPRequest) -> HTTPResponse {
            calls += 1
            return .detail(.ok, "inner")
        }
    }

    func request(_ method: HTTPMethod, _ headers: [(String, String)]) -> HTTPRequest {
        HTTPRequest(method: method, target: "/v1/agents/", headers: HTTPHeaders(headers.map { (name: $0.0, value: $0.1) }))
    }

    func text(_ response: HTTPResponse) -> String { String(decoding: response.body, as: UTF8.self) }

    @Test func preflight_FromAllowedOrigin_Is200WithEchoedOriginAndHeaders_WithoutReachingTheApp() {
        let inner = Inner()
        let response = CORSResponder(policy: policy, next: inner).respond(to: request(.options, [
            ("Origin", Self.allowed), ("Access-Control-Request-Method", "PATCH"),
            ("Access-Control-Request-Headers", "authorization, content-type"),
        ]))
        #expect(response.status == .ok)
        #expect(text(response) == "OK")
        #expect(response.headers["Content-Type"] == "text/plain; charset=utf-8")
        #expect(response.headers["Access-Control-Allow-Origin"] == Self.allowed)
        #expect(response.headers["Access-Control-Allow-Credentials"] == "true")
        #expect(response.headers["Access-Control-Allow-Methods"] == "DELETE, GET, HEAD, OPTIONS, PATCH, POST, PUT")
        #expect(response.headers["Access-Control-Allow-Headers"] == "authorization, content-type")
        #expect(response.headers["Access-Control-Max-Age"] == "600")
        #expect(response.headers["Vary"] == "Origin")
        #expect(inner.calls == 0)
    }

    @Test func preflight_FromOtherOrigin_Is400DisallowedOrigin_WithoutAllowOrigin() {
        let inner = Inner()
        let response = CORSResponder(policy: policy, next: inner).respond(to: request(.options, [
            ("Origin", "https://evil.example"), ("Access-Control-Request-Method", "GET"),
        ]))
        #expect(response.status == .badRequest)
        #expect(text(response) == #"{"detail":"Disallowed CORS origin"}"#)
        #expect(response.headers["Content-Type"] == "application/json")
        #expect(response.headers["Access-Control-Allow-Origin"] == nil)
        #expect(response.headers["Vary"] == "Origin")
        #expect(inner.calls == 0)
    }

    @Test(arguments: [
        (allowed, "TRACE", "Disallowed CORS method"), (allowed, "get", "Disallowed CORS method"),
        ("http://localhost:3000/", "PUT", "Disallowed CORS origin"),
        ("null", "CONNECT", "Disallowed CORS origin, method"),
    ])
    func preflight_NamesEveryFailure(origin: String, method: String, detail: String) {
        let response = CORSResponder(policy: policy, next: Inner()).respond(to: request(.options, [
            ("Origin", origin), ("Access-Control-Request-Method", method),
        ]))
        #expect(response.status == .badRequest)
        #expect(text(response) == #"{"detail":"\#(detail)"}"#)
    }

    @Test func options_WithoutRequestMethod_IsNotAPreflight_AndReachesTheApp() {
        let inner = Inner()
        let response = CORSResponder(policy: policy, next: inner).respond(to: request(.options, [("Origin", Self.allowed)]))
        #expect(inner.calls == 1)
        #expect(text(response) == #"{"detail":"inner"}"#)
        #expect(response.headers["Access-Control-Allow-Origin"] == Self.allowed)
    }

    @Test func actualRequest_FromAllowedOrigin_GetsOriginCredentialsAndVary() {
        let response = CORSResponder(policy: policy, next: Inner()).respond(to: request(.get, [("Origin", Self.allowed)]))
        #expect(text(response) == #"{"detail":"inner"}"#)
        #expect(response.headers["Access-Control-Allow-Origin"] == Self.allowed)
        #expect(response.headers["Access-Control-Allow-Credentials"] == "true")
        #expect(response.headers["Vary"] == "Origin")
    }

    @Test func actualRequest_FromOtherOrigin_IsServedWithoutAllowOrigin() {
        let response = CORSResponder(policy: policy, next: Inner()).respond(to: request(.post, [("Origin", "https://evil.example")]))
        #expect(text(response) == #"{"detail":"inner"}"#)
        #expect(response.headers["Access-Control-Allow-Origin"] == nil)
        #expect(response.headers["Access-Control-Allow-Credentials"] == "true")
        #expect(response.headers["Vary"] == nil)
    }

    @Test func requestWithoutOrigin_IsUntouched() {
        let response = CORSResponder(policy: policy, next: Inner()).respond(to: request(.get, []))
        #expect(response.headers.count == 1)
        #expect(response.headers["Content-Type"] == "application/json")
    }

    @Test func existingVary_IsExtended_NotReplaced() {
        var response = HTTPResponse.detail(.ok, "x")
        response.headers.add(name: "Vary", value: "Accept-Encoding")
        policy.decorate(&response, origin: Self.allowed)
        #expect(response.headers.values(for: "Vary") == ["Accept-Encoding, Origin"])
        policy.decorate(&response, origin: Self.allowed)
        #expect(response.headers.values(for: "Vary") == ["Accept-Encoding, Origin"])
    }

    @Test func deferredReply_IsDecoratedWhenItCompletes() {
        let slot = ResponseSlot()
        struct Deferring: HTTPResponder {
            let slot: ResponseSlot
            func respond(to request: HTTPRequest) -> HTTPResponse { slot.wait() }
            func reply(to request: HTTPRequest) -> HTTPReply { .deferred(slot) }
        }
        let reply = CORSResponder(policy: policy, next: Deferring(slot: slot)).reply(to: request(.delete, [("Origin", Self.allowed)]))
        guard case let .deferred(outer) = reply else {
            Issue.record("expected a deferred reply")
            return
        }
        #expect(!outer.isCompleted)
        slot.complete(.detail(.ok, "later"))
        let response = outer.wait()
        #expect(String(decoding: response.body, as: UTF8.self) == #"{"detail":"later"}"#)
        #expect(response.headers["Access-Control-Allow-Origin"] == Self.allowed)
    }
}
