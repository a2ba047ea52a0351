// swift-tools-version:6.0
import PackageDescription

/// A Hummingbird 2 server that keeps identities in memory, built the straightforward way a team
/// would (Codable bodies, a dictionary under a lock): the comparison for `POST /v1/identities/`
/// in `Benchmarks/writes.sh`. Its own package so the server and `Benchmarks/` stay free of
/// Hummingbird; it builds into this folder's `.build`.
let package = Package(
    name: "hb-identities",
    platforms: [.macOS(.v14)],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
    ],
    targets: [
        .executableTarget(
            name: "hb-identities",
            dependencies: [.product(name: "Hummingbird", package: "hummingbird")],
            path: "Sources/hb-identities"
        ),
    ],
    swiftLanguageModes: [.v6]
)
