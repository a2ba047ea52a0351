import HTTPKit

/// `GET /v1/health/`: no actor, no credentials, a fixed body computed once.
struct HealthAPI {
    let context: APIContext

    func register(on router: Router) {
        var writer = JSONWriter(capacity: 64)
        writer.beginObject()
        writer.key("version")
        writer.string(context.version)
        writer.key("status")
        writer.string("ok")
        writer.endObject()
        let response = HTTPResponse.json(writer.bytes)
        router.get("/v1/health/") { _ in response }
    }
}
