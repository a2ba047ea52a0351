import HTTPKit

/// One file of the console as served: its bytes (embedded at build time), content type and
/// entity tag.
public struct ConsoleAsset: Sendable {
    public let name: String
    public let contentType: String
    public let bytes: [UInt8]
    /// A strong validator: the FNV-1a 64-bit hash of the bytes, quoted.
    public let etag: String

    init(_ name: String, _ contentType: String, _ bytes: [UInt8]) {
        self.name = name
        self.contentType = contentType
        self.bytes = bytes
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            hash ^= UInt64(byte)
            hash &*= 0x100_0000_01b3
        }
        let hex = String(hash, radix: 16)
        etag = "\"" + String(repeating: "0", count: 16 - hex.count) + hex + "\""
    }
}

/// The console's files, kept in `Sources/IdentityConsole/Assets` and embedded in the binary
/// by SwiftPM (`.embedInCode`): plain HTML, CSS and JavaScript modules, no build step.
public enum ConsoleAssets {
    static let javaScript = "text/javascript; charset=utf-8"

    /// Every file, by name; `index.html` is the page itself.
    public static let all: [String: ConsoleAsset] = {
        let files = [
            ConsoleAsset("index.html", "text/html; charset=utf-8", PackageResources.index_html),
            ConsoleAsset("console.css", "text/css; charset=utf-8", PackageResources.console_css),
            ConsoleAsset("api.js", javaScript, PackageResources.api_js),
            ConsoleAsset("dom.js", javaScript, PackageResources.dom_js),
            ConsoleAsset("app.js", javaScript, PackageResources.app_js),
            ConsoleAsset("auth.js", javaScript, PackageResources.auth_js),
            ConsoleAsset("identities.js", javaScript, PackageResources.identities_js),
            ConsoleAsset("identity.js", javaScript, PackageResources.identity_js),
            ConsoleAsset("agents.js", javaScript, PackageResources.agents_js),
            ConsoleAsset("agent.js", javaScript, PackageResources.agent_js),
            ConsoleAsset("blocks.js", javaScript, PackageResources.blocks_js),
            ConsoleAsset("chips.js", javaScript, PackageResources.chips_js),
        ]
        return Dictionary(uniqueKeysWithValues: files.map { ($0.name, $0) })
    }()

    /// The total size of the page and its assets, in bytes.
    public static var totalBytes: Int { all.values.reduce(0) { $0 + $1.bytes.count } }
}
