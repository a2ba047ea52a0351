import Foundation
import HTTPKit
import Testing

@testable import IdentityConsole

/// The console's files as the router serves them: content types, security headers, caching.
@Suite struct ConsoleTests {
    let router: Router = {
        let router = Router()
        Console.register(on: router)
        return router
    }()

    func get(_ target: String, headers: HTTPHeaders = HTTPHeaders(), method: HTTPMethod = .get) -> HTTPResponse {
        router.respond(to: HTTPRequest(method: method, target: target, headers: headers))
    }

    @Test func root_ServesThePage_WithItsSecurityHeaders() {
        let response = get("/")
        #expect(response.status == .ok)
        #expect(response.headers["Content-Type"] == "text/html; charset=utf-8")
        let page = String(decoding: response.body, as: UTF8.self)
        #expect(page.contains(#"<script type="module" src="/console/app.js"></script>"#))
        #expect(response.headers["Content-Security-Policy"] == Console.contentSecurityPolicy)
        #expect(Console.contentSecurityPolicy.contains("script-src 'self';"))
        #expect(!Console.contentSecurityPolicy.contains("unsafe"))
        #expect(response.headers["X-Content-Type-Options"] == "nosniff")
        #expect(response.headers["Cache-Control"] == "no-cache")
        #expect(response.headers["ETag"] == ConsoleAssets.all["index.html"]?.etag)
    }

    @Test(arguments: [
        ("app.js", "text/javascript; charset=utf-8"), ("api.js", "text/javascript; charset=utf-8"),
        ("console.css", "text/css; charset=utf-8"),
    ])
    func assets_AreServedWithTheirContentType(name: String, contentType: String) {
        let response = get("/console/" + name)
        #expect(response.status == .ok)
        #expect(response.headers["Content-Type"] == contentType)
        #expect(response.body == ConsoleAssets.all[name]?.bytes)
        #expect(!response.body.isEmpty)
    }

    @Test func everyFileTheModulesImport_IsEmbedded() {
        for asset in ConsoleAssets.all.values where asset.name.hasSuffix(".js") || asset.name.hasSuffix(".html") {
            let text = String(decoding: asset.bytes, as: UTF8.self)
            var rest = text[...]
            while let range = rest.range(of: "from './") {
                let tail = rest[range.upperBound...]
                let name = String(tail.prefix { $0 != "'" })
                #expect(ConsoleAssets.all[name] != nil, "\(asset.name) imports \(name)")
                rest = tail
            }
        }
    }

    @Test func pageAndAssets_StayUnder300KB_AndLoadNothingFromElsewhere() {
        #expect(ConsoleAssets.totalBytes < 300 * 1024)
        for asset in ConsoleAssets.all.values {
            let text = String(decoding: asset.bytes, as: UTF8.self)
            #expect(!text.contains("http://") && !text.contains("https://"), "\(asset.name) names another host")
            #expect(!text.contains("innerHTML") && !text.contains("outerHTML") && !text.contains("insertAdjacentHTML"),
                    "\(asset.name) writes markup")
        }
    }

    @Test func matchingETag_Is304WithoutBody() {
        let etag = ConsoleAssets.all["app.js"]!.etag
        let response = get("/console/app.js", headers: ["If-None-Match": "\"other\", W/\(etag)"])
        #expect(response.status == .notModified)
        #expect(response.body.isEmpty)
        #expect(response.headers["ETag"] == etag)
        #expect(get("/console/app.js", headers: ["If-None-Match": "\"other\""]).status == .ok)
    }

    @Test(arguments: ["/console/nothing.js", "/console/index.html", "/console/", "/console/%2e%2e%2fPackage.swift"])
    func unknownFiles_Are404(target: String) {
        #expect(get(target).status == .notFound)
    }

    @Test func etags_DifferBetweenFiles() {
        let tags = Set(ConsoleAssets.all.values.map(\.etag))
        #expect(tags.count == ConsoleAssets.all.count)
        #expect(ConsoleAssets.all.values.allSatisfy { $0.etag.count == 18 })
    }
}
