import HTTPKit

/// The browser console: `GET /` serves the page, `GET /console/<file>` its CSS and JavaScript
/// modules. The files are public (they hold no data); the page reads and writes everything
/// through the REST API, with the credentials the user gives it.
///
/// Every answer carries a strict Content-Security-Policy (only this origin's scripts, styles
/// and API; no inline code, no framing), `nosniff`, no referrer, and an `ETag` with
/// `Cache-Control: no-cache`: browsers revalidate and get a 304 while the binary is the same.
///
/// Register it on the server's router and let `/` and `assetPrefix` through authentication
/// (`PublicPaths` in IdentityCore):
///
/// ```swift
/// Console.register(on: router)
/// ```
public enum Console {
    /// The policy sent with every console file.
    public static let contentSecurityPolicy = "default-src 'none'; script-src 'self'; style-src 'self'; "
        + "img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

    /// The path prefix of the assets.
    public static let assetPrefix = "/console/"

    /// Adds `GET /` and `GET /console/{file}` to `router` (HEAD is served by GET).
    public static func register(on router: Router) {
        router.get("/") { request in respond(request, asset: ConsoleAssets.all["index.html"]) }
        router.get(assetPrefix + "{file}") { request in
            let name = request.pathParameters["file"] ?? ""
            return respond(request, asset: name == "index.html" ? nil : ConsoleAssets.all[name])
        }
    }

    static func respond(_ request: HTTPRequest, asset: ConsoleAsset?) -> HTTPResponse {
        guard let asset else { return .detail(.notFound, "Not Found") }
        var headers: HTTPHeaders = [
            "Content-Type": asset.contentType,
            "Cache-Control": "no-cache",
            "ETag": asset.etag,
            "Content-Security-Policy": contentSecurityPolicy,
            "X-Content-Type-Options": "nosniff",
            "Referrer-Policy": "no-referrer",
            "X-Frame-Options": "DENY",
        ]
        if let tags = request.headers["If-None-Match"], matches(tags, asset.etag) {
            headers.remove(name: "Content-Type")
            return HTTPResponse(status: .notModified, headers: headers)
        }
        return HTTPResponse(status: .ok, headers: headers, body: asset.bytes)
    }

    /// Whether an `If-None-Match` list names `etag` (weak comparison, `*` matches).
    static func matches(_ list: String, _ etag: String) -> Bool {
        list.split(separator: ",").contains { candidate in
            var tag = candidate.drop { $0 == " " || $0 == "\t" }
            while tag.last == " " || tag.last == "\t" { tag.removeLast() }
            if tag == "*" { return true }
            if tag.hasPrefix("W/") { tag = tag.dropFirst(2) }
            return tag == etag
        }
    }
}
