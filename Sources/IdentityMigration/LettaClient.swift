import Foundation
import IdentityCore

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Why reading the source failed, worded as the one line the command prints.
public struct SourceError: Error, CustomStringConvertible, Sendable {
    public let description: String

    public init(_ description: String) {
        self.description = description
    }
}

/// GET requests with JSON answers against a Letta server's REST API, through Foundation's
/// URLSession (FoundationNetworking on Linux, which wraps libcurl: http and https). Sends the
/// password as `Authorization: Bearer`, as Letta's password mode expects. Every failure becomes a
/// `SourceError` naming the request: unreachable, refused password, an error status, or an answer
/// that is not JSON.
public final class LettaClient: Sendable {
    public let baseURL: String
    private let password: String?
    private let session: URLSession

    public init(baseURL: String, password: String?, concurrency: Int, timeoutSeconds: Double = 120) throws {
        var base = baseURL
        while base.hasSuffix("/") { base.removeLast() }
        guard let url = URL(string: base), let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https",
            url.host != nil
        else {
            throw SourceError("--from \(baseURL): expected an http:// or https:// URL of a Letta server")
        }
        self.baseURL = base
        self.password = password.flatMap { $0.isEmpty ? nil : $0 }
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = timeoutSeconds
        configuration.httpMaximumConnectionsPerHost = max(1, concurrency)
        configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
        session = URLSession(configuration: configuration)
    }

    /// The URL of `path` (starting with `/`) with the query items, percent-encoded.
    func url(_ path: String, _ query: [(String, String)]) -> URL? {
        var components = URLComponents(string: baseURL + path)
        if !query.isEmpty {
            components?.queryItems = query.map { URLQueryItem(name: $0.0, value: $0.1) }
        }
        return components?.url
    }

    /// `GET path?query`, answered 200 with a JSON body, parsed.
    public func get(_ path: String, _ query: [(String, String)] = []) async throws -> JSONValue {
        let shown = "GET \(path)"
        guard let url = url(path, query) else { throw SourceError("\(shown): cannot build a URL from \(baseURL)") }
        var request = URLRequest(url: url)
        request.setValue("application/json", forHTTPHeaderField: "Accept")
        request.setValue("identity-server-migrate/1", forHTTPHeaderField: "User-Agent")
        if let password { request.setValue("Bearer \(password)", forHTTPHeaderField: "Authorization") }
        let (data, status) = try await send(request, shown: shown)
        let preview = String(decoding: data.prefix(200), as: UTF8.self)
            .replacingOccurrences(of: "\n", with: " ")
        switch status {
        case 200: break
        case 401, 403:
            throw SourceError(
                "Letta at \(baseURL) refused the request (\(status)): wrong or missing password (--letta-password or LETTA_SOURCE_PASSWORD)")
        default:
            throw SourceError("Letta at \(baseURL) answered \(status) to \(shown): \(preview)")
        }
        do {
            return try JSONParser.parse([UInt8](data))
        } catch {
            throw SourceError("\(baseURL) answered \(shown) with something that is not JSON: \(preview)")
        }
    }

    private func send(_ request: URLRequest, shown: String) async throws -> (Data, Int) {
        let base = baseURL
        return try await withCheckedThrowingContinuation { continuation in
            let task = session.dataTask(with: request) { data, response, error in
                if let error {
                    let reason = (error as? URLError).map(Self.reason) ?? "\(error)"
                    continuation.resume(throwing: SourceError("cannot reach Letta at \(base) (\(shown)): \(reason)"))
                    return
                }
                guard let http = response as? HTTPURLResponse else {
                    continuation.resume(throwing: SourceError("\(base) gave no HTTP answer to \(shown)"))
                    return
                }
                continuation.resume(returning: (data ?? Data(), http.statusCode))
            }
            task.resume()
        }
    }

    private static func reason(_ error: URLError) -> String {
        switch error.code {
        case .cannotConnectToHost: "connection refused"
        case .cannotFindHost, .dnsLookupFailed: "unknown host"
        case .timedOut: "timed out"
        case .networkConnectionLost: "connection closed before the answer was complete"
        case .badServerResponse: "not an HTTP answer"
        case .secureConnectionFailed, .serverCertificateUntrusted, .serverCertificateHasBadDate,
            .serverCertificateNotYetValid, .serverCertificateHasUnknownRoot:
            "TLS failure (\(error.localizedDescription))"
        default: error.localizedDescription
        }
    }

    public func close() {
        session.invalidateAndCancel()
    }
}
