import HTTPKit

/// One request that may write, run by the store as a `WriteUnit` (`APIGateway`): the response
/// is computed in `run` and released to the client only once the unit's writes are durable. If
/// they are lost the client gets the error a lone write would have produced (503 when the
/// database is busy), never the computed 2xx. The final response goes to `slot` (for a unit
/// that ran later on another thread) and is kept in `finalResponse`.
final class RoutedWriteJob: WriteUnit, @unchecked Sendable {
    private let gateway: APIGateway
    private let request: HTTPRequest
    private let scope: RequestScope
    private let started: ContinuousClock.Instant?
    let slot = ResponseSlot()
    /// Set by `run`, read by `committed`: both on the thread running the unit.
    private var response: HTTPResponse?
    /// The answer sent, once the unit ended; read by the thread that called `perform` after it
    /// returned `.finished` (the same thread that ran the unit).
    private(set) var finalResponse: HTTPResponse?

    init(gateway: APIGateway, request: HTTPRequest, scope: RequestScope, started: ContinuousClock.Instant?) {
        self.gateway = gateway
        self.request = request
        self.scope = scope
        self.started = started
    }

    func run() {
        response = gateway.route(request, scope: scope)
    }

    func committed() {
        finish(response ?? .unknownError())
    }

    func failed(_ error: any Error) {
        var failure = response(for: error)
        // Counted under the route that handled the request, like its computed response.
        failure.route = response?.route ?? .unmatched
        finish(failure)
    }

    private func finish(_ response: HTTPResponse) {
        gateway.record(request, response, principal: scope.principal, started: started)
        finalResponse = response
        slot.complete(response)
    }

    /// The answer for lost writes: a store error as handlers render it, else a 500
    /// reported to the gateway's `onUnhandledError`.
    private func response(for error: any Error) -> HTTPResponse {
        switch error {
        case let error as any HTTPResponseError: return error.makeResponse()
        default:
            gateway.onUnhandledError?(error, request)
            return .unknownError()
        }
    }
}
