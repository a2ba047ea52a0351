import HTTPKit

/// The whole HTTP API: every Letta route this server serves, the admin API (`/v1/admin/…`)
/// and `GET /openapi.json`; everything under `/v1/` answers under `/latest/` too (Letta's
/// undocumented alias prefix). Serve it behind an `APIGateway`, which authenticates requests.
public enum LettaAPI {
    /// A router with every API route registered on it.
    public static func makeRouter(context: APIContext) -> Router {
        let router = Router()
        HealthAPI(context: context).register(on: router)
        IdentitiesAPI(context: context).register(on: router)
        AgentsAPI(context: context).register(on: router)
        AgentFilesAPI(context: context).register(on: router)
        BlocksAPI(context: context).register(on: router)
        TagsAPI(context: context).register(on: router)
        AdminAPI(context: context).register(on: router)
        let document = HTTPResponse.json(OpenAPIDocument.bytes)
        router.get("/openapi.json") { _ in document }
        router.alias("/latest", of: "/v1")
        return router
    }
}
