// swift-tools-version:6.0
import PackageDescription

/// Settings shared by every Swift target: Swift 6 language mode with strict concurrency.
let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
]

/// The browser console's files (`Sources/IdentityConsole/Assets`), embedded in the binary as
/// byte arrays at build time; `ConsoleAssets` lists the same names with their content types.
enum ConsoleAsset {
    static let files = ["index.html", "console.css", "api.js", "dom.js", "app.js", "auth.js",
                        "identities.js", "identity.js", "agents.js", "agent.js", "blocks.js", "chips.js"]
}

let package = Package(
    name: "identity-server",
    products: [
        .executable(name: "identity-server", targets: ["IdentityServer"]),
        .library(name: "IdentityCore", targets: ["IdentityCore"]),
        .library(name: "IdentitySQLite", targets: ["IdentitySQLite"]),
        .library(name: "IdentityPostgres", targets: ["IdentityPostgres"]),
        .library(name: "HTTPKit", targets: ["HTTPKit"]),
        .library(name: "IdentityConsole", targets: ["IdentityConsole"]),
    ],
    targets: [
        .systemLibrary(
            name: "CSQLite",
            path: "Sources/CSQLite",
            pkgConfig: "sqlite3",
            providers: [.apt(["libsqlite3-dev"])]
        ),
        // libpq's declarations, and forwarders that load libpq.so.5 only when PostgreSQL is used.
        .target(name: "CLibPQ", path: "Sources/CLibPQ"),
        .systemLibrary(name: "CEpoll", path: "Sources/CEpoll"),
        .systemLibrary(name: "CMalloc", path: "Sources/CMalloc"),
        .target(name: "HTTPKit", dependencies: ["CEpoll"], swiftSettings: swiftSettings),
        // The domain: models, validation, the API and its rendering, the store protocols. No SQL.
        .target(name: "IdentityCore", dependencies: ["HTTPKit"], swiftSettings: swiftSettings),
        // The storage engines: each implements IdentityCore's store protocols with its own SQL.
        .target(name: "IdentitySQLite", dependencies: ["IdentityCore", "CSQLite"], swiftSettings: swiftSettings),
        .target(name: "IdentityPostgres", dependencies: ["IdentityCore", "CLibPQ"], swiftSettings: swiftSettings),
        // The browser console: static files embedded at build time, served over HTTPKit.
        .target(
            name: "IdentityConsole",
            dependencies: ["HTTPKit"],
            resources: ConsoleAsset.files.map { .embedInCode("Assets/\($0)") },
            swiftSettings: swiftSettings
        ),
        // The data-moving subcommands (migrate from Letta, export, import): store-agnostic.
        .target(name: "IdentityMigration", dependencies: ["IdentityCore", "HTTPKit"], swiftSettings: swiftSettings),
        // The executable: configuration, choosing the store, starting things. The only target
        // that links both engines.
        .executableTarget(
            name: "IdentityServer",
            dependencies: [
                "IdentityCore", "IdentitySQLite", "IdentityPostgres", "IdentityConsole", "IdentityMigration", "HTTPKit",
                "CMalloc",
            ],
            swiftSettings: swiftSettings
        ),
        // Fixtures shared by the store-backed test targets: temporary SQLite files, throwaway
        // PostgreSQL schemas, the store for the backend a run selects (IDENTITY_TEST_BACKEND).
        .target(
            name: "IdentityTestSupport",
            dependencies: ["IdentityCore", "IdentitySQLite", "IdentityPostgres", "HTTPKit"],
            path: "Tests/IdentityTestSupport",
            swiftSettings: swiftSettings
        ),
        .testTarget(name: "HTTPKitTests", dependencies: ["HTTPKit"], swiftSettings: swiftSettings),
        .testTarget(name: "IdentityConsoleTests", dependencies: ["IdentityConsole", "HTTPKit"], swiftSettings: swiftSettings),
        // API and contract suites run against either engine (IDENTITY_TEST_BACKEND), so they link both.
        .testTarget(
            name: "IdentityCoreTests",
            dependencies: [
                "IdentityCore", "IdentitySQLite", "IdentityPostgres", "HTTPKit", "IdentityTestSupport", "IdentityMigration",
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "IdentitySQLiteTests", dependencies: ["IdentitySQLite", "IdentityCore", "IdentityTestSupport"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "IdentityPostgresTests", dependencies: ["IdentityPostgres", "IdentityCore", "HTTPKit", "IdentityTestSupport"],
            swiftSettings: swiftSettings
        ),
        .testTarget(name: "IdentityServerTests", dependencies: ["IdentityServer", "IdentityCore", "IdentityPostgres"], swiftSettings: swiftSettings),
    ],
    swiftLanguageModes: [.v6]
)
