import Testing
@testable import HTTPKit

@Suite struct RouterTests {
    func makeRouter() -> Router {
        let router = Router()
        router.get("/v1/agents/") { _ in .detail(.ok, "list") }
        router.get("/v1/agents/count") { _ in .detail(.ok, "count") }
        router.get("/v1/agents/{agent_id}") { request in .detail(.ok, "get " + request.pathParameters["agent_id"]!) }
        router.patch("/v1/agents/{agent_id}") { request in .detail(.ok, "patch " + request.pathParameters["agent_id"]!) }
        router.get("/v1/agents/{agent_id}/core-memory/blocks/{block_label}") { request in
            .detail(.ok, "label " + request.pathParameters["block_label"]!)
        }
        return router
    }

    func text(_ response: HTTPResponse) -> String { String(decoding: response.body, as: UTF8.self) }

    @Test func literalSegment_WinsOverParameter() {
        let response = makeRouter().respond(to: HTTPRequest(method: .get, target: "/v1/agents/count"))
        #expect(text(response) == #"{"detail":"count"}"#)
    }

    @Test func literalPath_FallsThroughToParameterRoute_ForOtherMethods() {
        let response = makeRouter().respond(to: HTTPRequest(method: .patch, target: "/v1/agents/count"))
        #expect(text(response) == #"{"detail":"patch count"}"#)
    }

    @Test func wrongMethod_Returns405WithAllow() {
        let response = makeRouter().respond(to: HTTPRequest(method: .delete, target: "/v1/agents/x"))
        #expect(response.status == .methodNotAllowed)
        #expect(response.headers["allow"] == "GET, HEAD, PATCH")
        #expect(text(response) == #"{"detail":"Method Not Allowed"}"#)
    }

    @Test func unknownPath_Returns404() {
        let response = makeRouter().respond(to: HTTPRequest(method: .get, target: "/v2/nothing"))
        #expect(response.status == .notFound)
        #expect(text(response) == #"{"detail":"Not Found"}"#)
    }

    @Test func toggledTrailingSlash_Redirects307KeepingQuery() {
        let request = HTTPRequest(method: .get, target: "/v1/agents?tags=a&tags=b", headers: ["Host": "localhost:8283"])
        let response = makeRouter().respond(to: request)
        #expect(response.status == .temporaryRedirect)
        #expect(response.headers["Location"] == "http://localhost:8283/v1/agents/?tags=a&tags=b")
        #expect(response.body.isEmpty)
    }

    @Test func itemPathWithSlash_RedirectsToItemPath() {
        let response = makeRouter().respond(to: HTTPRequest(method: .get, target: "/v1/agents/agent-1/", headers: ["Host": "h"]))
        #expect(response.headers["Location"] == "http://h/v1/agents/agent-1")
    }

    @Test func percentEncodedSegments_AreDecoded() {
        let response = makeRouter().respond(to: HTTPRequest(method: .get, target: "/v1/agents/a%20b/core-memory/blocks/hu%6Dan"))
        #expect(text(response) == #"{"detail":"label human"}"#)
    }

    @Test func encodedSlash_SplitsSegments() {
        let response = makeRouter().respond(to: HTTPRequest(method: .get, target: "/v1/agents/a/core-memory/blocks/x%2Fy"))
        #expect(response.status == .notFound)
    }

    @Test func head_UsesGetHandler() {
        let response = makeRouter().respond(to: HTTPRequest(method: .head, target: "/v1/agents/"))
        #expect(response.status == .ok)
    }

    @Test func thrownResponseError_IsRendered_OtherErrorsAre500() {
        struct Teapot: HTTPResponseError {
            var status: HTTPStatus { HTTPStatus(code: 418, reasonPhrase: "I'm a teapot") }
            func makeResponse() -> HTTPResponse { .detail(status, "short and stout") }
        }
        struct Boom: Error {}
        let router = Router()
        router.get("/tea") { _ in throw Teapot() }
        router.get("/boom") { _ in throw Boom() }
        #expect(router.respond(to: HTTPRequest(method: .get, target: "/tea")).status.code == 418)
        let failure = router.respond(to: HTTPRequest(method: .get, target: "/boom"))
        #expect(failure.status == .internalServerError)
        #expect(text(failure) == #"{"detail":"An unknown error occurred"}"#)
    }

    @Test func queryParameters_KeepRepeatedKeysAndDecode() {
        let query = HTTPRequest(method: .get, target: "/x?tags=a&tags=b+c&name=%E2%9C%93&empty=").query
        #expect(query.all("tags") == ["a", "b c"])
        #expect(query["name"] == "✓")
        #expect(query["empty"] == "")
    }

    @Test func absoluteFormTarget_YieldsPath() {
        let request = HTTPRequest(method: .get, target: "http://example.com/v1/agents/?x=1")
        #expect(request.path == "/v1/agents/")
        #expect(request.queryString == "x=1")
    }
}

@Suite struct RouterAliasTests {
    func makeRouter() -> Router {
        let router = Router()
        router.get("/v1/agents/") { _ in .detail(.ok, "list") }
        router.alias("/latest", of: "/v1")
        router.get("/v1/agents/{agent_id}") { request in .detail(.ok, "get " + request.pathParameters["agent_id"]!) }
        return router
    }

    func text(_ response: HTTPResponse) -> String { String(decoding: response.body, as: UTF8.self) }

    @Test func aliasPrefix_ServesRoutesAddedBeforeAndAfterIt() {
        let router = makeRouter()
        #expect(text(router.respond(to: HTTPRequest(method: .get, target: "/latest/agents/"))) == #"{"detail":"list"}"#)
        #expect(text(router.respond(to: HTTPRequest(method: .get, target: "/latest/agents/a1"))) == #"{"detail":"get a1"}"#)
        #expect(router.routes.map(\.template) == ["/v1/agents/", "/v1/agents/{agent_id}"])
    }

    @Test func aliasPrefix_RedirectsAndRefusesLikeTheOriginal() {
        let router = makeRouter()
        let redirect = router.respond(to: HTTPRequest(method: .get, target: "/latest/agents?limit=1", headers: ["Host": "h"]))
        #expect(redirect.status == .temporaryRedirect)
        #expect(redirect.headers["Location"] == "http://h/latest/agents/?limit=1")
        #expect(router.respond(to: HTTPRequest(method: .post, target: "/latest/agents/a1")).status == .methodNotAllowed)
        #expect(router.respond(to: HTTPRequest(method: .get, target: "/latest")).status == .notFound)
        #expect(router.respond(to: HTTPRequest(method: .get, target: "/v2/agents/")).status == .notFound)
    }
}
