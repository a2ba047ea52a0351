// swift-tools-version:6.0
import PackageDescription

/// Benchmark tools for identity-server, kept out of the server package so the server has no
/// benchmark-only targets. `bench-seed` fills a database through the real `SQLiteStore`.
let package = Package(
    name: "identity-server-benchmarks",
    products: [
        .executable(name: "bench-seed", targets: ["BenchSeed"]),
    ],
    dependencies: [
        // Named explicitly: a path dependency is otherwise identified by its directory name,
        // which depends on where the repository was cloned.
        .package(name: "identity-server", path: ".."),
    ],
    targets: [
        .executableTarget(
            name: "BenchSeed",
            dependencies: [
                .product(name: "IdentityCore", package: "identity-server"),
                .product(name: "IdentitySQLite", package: "identity-server"),
            ],
            path: "Sources/bench-seed",
            swiftSettings: [.enableUpcomingFeature("ExistentialAny")]
        ),
    ],
    swiftLanguageModes: [.v6]
)
