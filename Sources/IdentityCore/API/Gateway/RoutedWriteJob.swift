import HTTPKit

/// One request that may write, routed on the store's writer thread (`APIGateway`): the
/// response is computed in `run` and released to the client only once the transaction that
/// holds its writes committed. If that transaction is lost the client gets the error a lone
/// write would have produced (503 when the database is busy), never the computed 2xx.
final class RoutedWriteJob: WriteJob, @unchecked Sendable {
    private let gateway: APIGateway
    private let request: HTTPRequest
    private let scope: RequestScope
    private let started: ContinuousClock.Instant?
    private let slot: ResponseSlot
    /// Set by `run`, read by `committed`: both on the writer thread.
    private var response: HTTPResponse?

    init(gateway: APIGateway, request: HTTPRequest, scope: RequestScope, started: ContinuousClock.Instant?, slot: ResponseSlot) {
        self.gateway = gateway
        self.request = request
        self.scope = scope
        self.started = started
        self.slot = slot
    }

    func run() {
        response = gateway.route(request, scope: scope)
    }

    func committed() {
        finish(response ?? .unknownError())
    }

    func failed(_ error: any Error) {
        finish(response(for: error))
    }

    private func finish(_ response: HTTPResponse) {
        gateway.record(request, response, principal: scope.principal, started: started)
        slot.complete(response)
    }

    /// The answer for a lost transaction: a store error as handlers render it, else a 500
    /// reported to the gateway's `onUnhandledError`.
    private func response(for error: any Error) -> HTTPResponse {
        switch error {
        case let error as StoreError: return APIError(error).makeResponse()
        case let error as any HTTPResponseError: return error.makeResponse()
        default:
            gateway.onUnhandledError?(error, request)
            return .unknownError()
        }
    }
}
