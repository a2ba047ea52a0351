// swift-tools-version:6.0
import PackageDescription

/// Settings shared by every Swift target: Swift 6 language mode with strict concurrency.
let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
]

let package = Package(
    name: "identity-server",
    products: [
        .executable(name: "identity-server", targets: ["IdentityServer"]),
        .library(name: "IdentityCore", targets: ["IdentityCore"]),
        .library(name: "HTTPKit", targets: ["HTTPKit"]),
    ],
    targets: [
        .systemLibrary(
            name: "CSQLite",
            path: "Sources/CSQLite",
            pkgConfig: "sqlite3",
            providers: [.apt(["libsqlite3-dev"])]
        ),
        .systemLibrary(
            name: "CLibPQ",
            path: "Sources/CLibPQ",
            pkgConfig: "libpq",
            providers: [.apt(["libpq-dev"])]
        ),
        .systemLibrary(name: "CEpoll", path: "Sources/CEpoll"),
        .systemLibrary(name: "CMalloc", path: "Sources/CMalloc"),
        .target(name: "HTTPKit", dependencies: ["CEpoll"], swiftSettings: swiftSettings),
        .target(name: "IdentityCore", dependencies: ["HTTPKit", "CSQLite", "CLibPQ"], swiftSettings: swiftSettings),
        .executableTarget(
            name: "IdentityServer",
            dependencies: ["IdentityCore", "HTTPKit", "CMalloc"],
            swiftSettings: swiftSettings
        ),
        .testTarget(name: "HTTPKitTests", dependencies: ["HTTPKit"], swiftSettings: swiftSettings),
        .testTarget(name: "IdentityCoreTests", dependencies: ["IdentityCore", "HTTPKit"], swiftSettings: swiftSettings),
    ],
    swiftLanguageModes: [.v6]
)
