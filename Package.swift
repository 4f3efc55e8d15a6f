// swift-tools-version: 6.2
import PackageDescription

/// Layers are targets, features are folders named alike in each layer (see docs/DESIGN.md). Each
/// target declares every package it imports.
let package = Package(
    name: "GridGov",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "gridgov", targets: ["gridgov"])
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/apple/swift-configuration", from: "1.4.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth", from: "2.5.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-system", from: "1.8.1"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        .package(url: "https://github.com/vapor/multipart-kit", from: "4.7.1"),
    ],
    targets: [
        .target(name: "GridCore"),
        /// zlib (Debian's zlib1g-dev), to inflate the XLSX workbooks imports read.
        .systemLibrary(name: "CZlib", path: "Sources/CZlib"),
        .target(
            name: "GridStore",
            dependencies: [
                "GridCore",
                "CZlib",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .target(
            name: "GridServer",
            dependencies: [
                "GridCore",
                "GridStore",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "MultipartKit", package: "multipart-kit"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            /// The pages' files beside each feature's code, read at start through `Bundle.module`:
            /// processing puts them flat in the bundle, so their names are unique.
            resources: [
                .process("Pages/Templates"), .process("Pages/Strings"), .process("Pages/Scripts"),
                .process("Accounts/Templates"), .process("Accounts/Strings"),
                .process("Regions/Templates"), .process("Regions/Strings"), .process("Regions/Scripts"),
                .process("Cases/Templates"), .process("Cases/Strings"), .process("Cases/Scripts"),
                .process("Calendar/Templates"), .process("Calendar/Strings"),
                .process("Workflows/Templates"), .process("Workflows/Strings"),
                .process("Map/Templates"), .process("Map/Strings"), .process("Map/Scripts"),
                .process("Registries/Strings"), .process("Registries/Templates"),
                .process("FieldWork/Strings"), .process("FieldWork/Templates"), .process("FieldWork/Scripts"),
                .process("DecisionSupport/Strings"), .process("DecisionSupport/Templates"),
                .process("DecisionSupport/Scripts"),
                .process("Emergency/Strings"), .process("Emergency/Templates"), .process("Emergency/Scripts"),
                .process("Disputes/Strings"), .process("Disputes/Templates"),
            ]
        ),
        .executableTarget(
            name: "gridgov",
            dependencies: [
                "GridCore",
                "GridStore",
                "GridServer",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Configuration", package: "swift-configuration"),
                .product(name: "SystemPackage", package: "swift-system"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        /// Test helpers shared by the test targets: throwaway stores on both backends.
        .target(
            name: "GridTestSupport",
            dependencies: [
                "GridCore", "GridStore", .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ], path: "Tests/GridTestSupport"),
        .testTarget(name: "GridCoreTests", dependencies: ["GridCore", "GridTestSupport"]),
        .testTarget(name: "GridStoreTests", dependencies: ["GridCore", "GridStore", "GridTestSupport"]),
        .testTarget(
            name: "GridServerTests",
            dependencies: [
                "GridCore",
                "GridStore",
                "GridServer",
                "GridTestSupport",
                // Writes a small MBTiles file for the basemap test.
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
