import IdentityCore

/// Why reading the source failed, worded as the one line the command prints.
public struct SourceError: Error, CustomStringConvertible, Sendable {
    public let description: String

    public init(_ description: String) {
        self.description = description
    }
}

/// GET requests with JSON answers against a Letta server's REST API, through libcurl
/// (`CurlTransport`: http and https, loaded only when a command first reads a server). Sends the
/// password as `Authorization: Bearer`, as Letta's password mode expects. Every failure becomes a
/// `SourceError` naming the request: unreachable, refused password, an error status, or an answer
/// that is not JSON.
public final class LettaClient: Sendable {
    public let baseURL: String
    private let password: String?
    private let transport: CurlTransport

    public init(baseURL: String, password: String?, concurrency: Int, timeoutSeconds: Double = 120) throws {
        var base = baseURL
        while base.hasSuffix("/") { base.removeLast() }
        guard Self.isHTTPURL(base) else {
            throw SourceError("--from \(baseURL): expected an http:// or https:// URL of a Letta server")
        }
        self.baseURL = base
        self.password = password.flatMap { $0.isEmpty ? nil : $0 }
        transport = try CurlTransport(timeoutSeconds: timeoutSeconds, maxInFlight: concurrency)
    }

    /// The URL of `path` (starting with `/`) with the query items, percent-encoded.
    func url(_ path: String, _ query: [(String, String)]) -> String {
        guard !query.isEmpty else { return baseURL + path }
        return baseURL + path + "?" + query.map { Self.percentEncoded($0.0) + "=" + Self.percentEncoded($0.1) }.joined(separator: "&")
    }

    /// `GET path?query`, answered 200 with a JSON body, parsed.
    public func get(_ path: String, _ query: [(String, String)] = []) async throws -> JSONValue {
        let shown = "GET \(path)"
        var headers = ["Accept: application/json"]
        if let password { headers.append("Authorization: Bearer \(password)") }
        let base = baseURL
        let answer = try await transport.get(url(path, query), headers: headers, userAgent: "identity-server-migrate/1") {
            "cannot reach Letta at \(base) (\(shown)): \($0)"
        }
        let status = answer.status
        let preview = String(decoding: answer.body.prefix(200), as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
            .joined(separator: " ")
        switch status {
        case 200: break
        case 401, 403:
            throw SourceError(
                "Letta at \(baseURL) refused the request (\(status)): wrong or missing password (--letta-password or LETTA_SOURCE_PASSWORD)")
        default:
            throw SourceError("Letta at \(baseURL) answered \(status) to \(shown): \(preview)")
        }
        do {
            return try JSONParser.parse(answer.body)
        } catch {
            throw SourceError("\(baseURL) answered \(shown) with something that is not JSON: \(preview)")
        }
    }

    public func close() {
        transport.close()
    }

    /// `http://host…` or `https://host…` with a host and no spaces or control characters.
    static func isHTTPURL(_ text: String) -> Bool {
        guard let separator = text.firstRange(of: "://") else { return false }
        let scheme = text[..<separator.lowerBound].lowercased()
        let rest = text[separator.upperBound...]
        let authority = rest.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        let hostAndPort = authority.split(separator: "@", omittingEmptySubsequences: false).last ?? ""
        let host = hostAndPort.hasPrefix("[") ? hostAndPort.prefix { $0 != "]" }.dropFirst() : hostAndPort.prefix { $0 != ":" }
        return (scheme == "http" || scheme == "https") && !host.isEmpty
            && !text.utf8.contains { $0 <= 0x20 || $0 == 0x7F }
    }

    /// Everything but RFC 3986's unreserved characters as `%XX`.
    static func percentEncoded(_ text: String) -> String {
        let hex = Array("0123456789ABCDEF".utf8)
        var bytes: [UInt8] = []
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                bytes.append(byte)
            default:
                bytes += [UInt8(ascii: "%"), hex[Int(byte >> 4)], hex[Int(byte & 0xF)]]
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
