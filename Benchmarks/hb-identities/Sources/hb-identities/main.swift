import Foundation
import Hummingbird
import Synchronization

/// `hb-identities [PORT]`: serves `POST /v1/identities/`, `GET /v1/identities/{id}` and
/// `GET /v1/health/` on 127.0.0.1, identities kept in memory.

/// The identities, by id and by (identifier_key, project_id), under one lock.
final class IdentityTable: Sendable {
    private struct State {
        var byID: [String: Identity] = [:]
        var byKey: [String: String] = [:]
    }

    private let state = Mutex(State())

    /// Stores `identity`, or returns nil when its (key, project) is taken.
    func insert(_ identity: Identity) -> Identity? {
        let key = identity.identifier_key + "\u{0}" + (identity.project_id ?? "")
        return state.withLock { state in
            guard state.byKey[key] == nil else { return nil }
            state.byKey[key] = identity.id
            state.byID[identity.id] = identity
            return identity
        }
    }

    func identity(id: String) -> Identity? {
        state.withLock { $0.byID[id] }
    }
}

extension Identity: ResponseEncodable {}

/// Letta's error body, `{"detail": ...}`.
struct Detail: ResponseEncodable {
    var detail: String
}

let organizationID = "org-00000000-0000-4000-8000-000000000000"
let table = IdentityTable()
let router = Router()

router.post("/v1/identities/") { request, context -> Response in
    let input: IdentityCreate
    do {
        input = try await request.decode(as: IdentityCreate.self, context: context)
    } catch {
        return try context.responseEncoder.encode(Detail(detail: "invalid body: \(error)"), from: request, context: context)
            .withStatus(.unprocessableContent)
    }
    for property in input.properties ?? [] where !property.value.matches(property.type) {
        return try context.responseEncoder.encode(
            Detail(detail: "Property '\(property.key)' does not match its type '\(property.type.rawValue)'"),
            from: request, context: context
        ).withStatus(.unprocessableContent)
    }
    let identity = Identity(
        id: "identity-" + UUID().uuidString.lowercased(), identifier_key: input.identifier_key, name: input.name,
        identity_type: input.identity_type, project_id: input.project_id, agent_ids: input.agent_ids ?? [],
        block_ids: input.block_ids ?? [], organization_id: organizationID, properties: input.properties ?? []
    )
    guard let stored = table.insert(identity) else {
        return try context.responseEncoder.encode(
            Detail(detail: "An identity with identifier_key '\(input.identifier_key)' already exists"),
            from: request, context: context
        ).withStatus(.conflict)
    }
    return try context.responseEncoder.encode(stored, from: request, context: context)
}

router.get("/v1/identities/{identity_id}") { request, context -> Response in
    let id = try context.parameters.require("identity_id")
    guard let identity = table.identity(id: id) else {
        return try context.responseEncoder.encode(Detail(detail: "Identity \(id) not found"), from: request, context: context)
            .withStatus(.notFound)
    }
    return try context.responseEncoder.encode(identity, from: request, context: context)
}

extension Response {
    func withStatus(_ status: HTTPResponse.Status) -> Response {
        var response = self
        response.status = status
        return response
    }
}

router.get("/v1/health/") { _, _ -> Response in
    Response(
        status: .ok, headers: [.contentType: "application/json"],
        body: .init(byteBuffer: ByteBuffer(string: #"{"version":"0.16.8","status":"ok"}"#))
    )
}

let port = CommandLine.arguments.count > 1 ? Int(CommandLine.arguments[1]) ?? 8090 : 8090
let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: port)))
try await app.runService()
