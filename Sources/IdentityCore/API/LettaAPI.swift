import HTTPKit

/// The whole HTTP API: every Letta route this server serves, plus `GET /openapi.json`.
public enum LettaAPI {
    /// A router with every API route registered on it.
    public static func makeRouter(context: APIContext) -> Router {
        let router = Router()
        HealthAPI(context: context).register(on: router)
        BlocksAPI(context: context).register(on: router)
        TagsAPI(context: context).register(on: router)
        let document = HTTPResponse.json(OpenAPIDocument.bytes)
        router.get("/openapi.json") { _ in document }
        return router
    }
}
