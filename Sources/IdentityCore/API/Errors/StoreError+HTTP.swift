import HTTPKit

/// Store errors become responses in this one place: a handler lets them propagate and the
/// router (or a write unit's failure) renders them with `APIError(_: StoreError)`'s mapping.
extension StoreError: HTTPResponseError {
    public var status: HTTPStatus { APIError(self).status }

    public func makeResponse() -> HTTPResponse {
        APIError(self).makeResponse()
    }
}
