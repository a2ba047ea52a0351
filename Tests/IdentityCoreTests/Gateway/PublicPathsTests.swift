import HTTPKit
import Testing

@testable import IdentityCore
import IdentityTestSupport

/// Public paths (the console's page and assets in the server) pass authentication even in
/// password mode and are routed with the API's router; every other path still needs credentials.
@Suite struct PublicPathsTests {
    func gateway() throws -> APIGateway {
        let context = APIContext(
            store: try makeTestStore(), password: GatewayHarness.password,
            publicPaths: PublicPaths(exact: ["/"], prefixes: ["/static/"]))
        let router = LettaAPI.makeRouter(context: context)
        router.get("/") { _ in .json(Array("\"page\"".utf8)) }
        router.get("/static/{file}") { request in .json(Array("\"\(request.pathParameters["file"] ?? "")\"".utf8)) }
        return APIGateway(context: context, router: router)
    }

    @Test func publicPaths_AreAnsweredWithoutCredentials_InPasswordMode() throws {
        let gateway = try gateway()
        let page = APIResponse(gateway.respond(to: HTTPRequest(method: .get, target: "/")))
        #expect(page.status == 200)
        #expect(page.json == .string("page"))
        let asset = APIResponse(gateway.respond(to: HTTPRequest(method: .get, target: "/static/app.js")))
        #expect(asset.status == 200)
        #expect(asset.json == .string("app.js"))
    }

    @Test func otherPaths_StillNeedCredentials() throws {
        let gateway = try gateway()
        #expect(APIResponse(gateway.respond(to: HTTPRequest(method: .get, target: "/v1/identities/"))).status == 401)
        #expect(APIResponse(gateway.respond(to: HTTPRequest(method: .get, target: "/staticx"))).status == 401)
        #expect(APIResponse(gateway.respond(to: HTTPRequest(method: .get, target: "/v1/"))).status == 401)
    }
}
