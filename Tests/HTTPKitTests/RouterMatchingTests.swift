import Testing
@testable import HTTPKit

/// Edges of matching over path bytes: empty segments, decoding, absolute-form targets, backtracking.
@Suite struct RouterMatchingTests {
    func makeRouter() -> Router {
        let router = Router()
        router.get("/") { _ in .detail(.ok, "root") }
        router.get("/v1/agents/") { _ in .detail(.ok, "list") }
        router.get("/v1/agents/count") { _ in .detail(.ok, "count") }
        router.post("/v1/agents/count") { _ in .detail(.ok, "post count") }
        router.get("/v1/agents/{agent_id}") { request in .detail(.ok, "get " + request.pathParameters["agent_id"]!) }
        router.delete("/v1/agents/{agent_id}") { request in .detail(.ok, "delete " + request.pathParameters["agent_id"]!) }
        router.get("/v1/agents/{agent_id}/blocks/{label}") { request in
            .detail(.ok, request.pathParameters["agent_id"]! + "|" + request.pathParameters["label"]!)
        }
        return router
    }

    func respond(_ method: HTTPMethod, _ target: String, host: String? = nil) -> HTTPResponse {
        let headers: HTTPHeaders = host.map { ["Host": $0] } ?? [:]
        return makeRouter().respond(to: HTTPRequest(method: method, target: target, headers: headers))
    }

    func text(_ response: HTTPResponse) -> String { String(decoding: response.body, as: UTF8.self) }

    @Test func rootPath_MatchesRootRoute() {
        #expect(text(respond(.get, "/")) == #"{"detail":"root"}"#)
        #expect(text(respond(.get, "/?x=1")) == #"{"detail":"root"}"#)
    }

    @Test func emptySegment_DoesNotBindParameter() {
        #expect(respond(.get, "/v1/agents//blocks/x").status == .notFound)
    }

    @Test func literalBranch_BacktracksToParameter_WhenDeeperSegmentsOnlyMatchThere() {
        #expect(text(respond(.get, "/v1/agents/count/blocks/human")) == #"{"detail":"count|human"}"#)
    }

    @Test func methodNotAllowed_ListsLiteralThenParameterMethods() {
        let response = respond(.patch, "/v1/agents/count")
        #expect(response.status == .methodNotAllowed)
        #expect(response.headers["Allow"] == "GET, HEAD, POST, DELETE")
    }

    @Test func literalPath_ReachesParameterRoute_ForMethodOnlyThere() {
        #expect(text(respond(.delete, "/v1/agents/count")) == #"{"detail":"delete count"}"#)
    }

    @Test func parameters_AreDecoded_IncludingNonASCIIAndInvalidUTF8() {
        #expect(text(respond(.get, "/v1/agents/caf%C3%A9")) == #"{"detail":"get café"}"#)
        #expect(text(respond(.get, "/v1/agents/a%FFb")) == #"{"detail":"get a\#u{FFFD}b"}"#)
        #expect(text(respond(.get, "/v1/agents/100%")) == #"{"detail":"get 100%"}"#)
    }

    @Test func encodedLiteral_MatchesLiteral() {
        #expect(text(respond(.get, "/v1/agents/c%6Funt")) == #"{"detail":"count"}"#)
    }

    @Test func decodedSlash_BeforeCombiningMark_StillSeparatesSegments() {
        #expect(text(respond(.get, "/v1/agents/a/blocks%2F%CC%81")) == "{\"detail\":\"a|\u{301}\"}")
    }

    @Test func absoluteFormTargets_RouteByTheirPath() {
        #expect(text(respond(.get, "http://example.com/v1/agents/x?y=1")) == #"{"detail":"get x"}"#)
        #expect(text(respond(.get, "http://example.com")) == #"{"detail":"root"}"#)
        #expect(text(respond(.get, "http://example.com?q=1")) == #"{"detail":"root"}"#)
    }

    @Test func trailingSlashRedirect_KeepsEncodedPathAndQuery() {
        let response = respond(.get, "/v1/agents/caf%C3%A9/?a=%20", host: "h:1")
        #expect(response.status == .temporaryRedirect)
        #expect(response.headers["Location"] == "http://h:1/v1/agents/caf%C3%A9?a=%20")
    }

    @Test func pathGetter_HandlesTargetShapes() {
        #expect(HTTPRequest(method: .get, target: "/a/b?c?d").path == "/a/b")
        #expect(HTTPRequest(method: .get, target: "/a/b?c?d").queryString == "c?d")
        #expect(HTTPRequest(method: .get, target: "/a/b").queryString == nil)
        #expect(HTTPRequest(method: .get, target: "https://h:8/p/q?x").path == "/p/q")
        #expect(HTTPRequest(method: .get, target: "a:/b://h/p").path == "/p")
        #expect(HTTPRequest(method: .options, target: "*").path == "*")
        #expect(HTTPRequest(method: .get, target: "").path == "")
    }
}
