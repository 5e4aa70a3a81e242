// swift-tools-version:6.2
import PackageDescription

/// Settings shared by every target of ours: Swift 6 mode with strict concurrency.
let strictSettings: [SwiftSetting] = [
    .swiftLanguageMode(.v6),
    .enableUpcomingFeature("ExistentialAny"),
]

let package = Package(
    name: "keyconsole",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "keyconsole", targets: ["keyconsole"])
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        .package(url: "https://github.com/vapor/jwt-kit.git", from: "5.8.0"),
        .package(url: "https://github.com/apple/swift-system.git", from: "1.8.1"),
        .package(url: "https://github.com/x-sheep/swift-property-based.git", from: "2.0.1"),
        .package(url: "https://github.com/pointfreeco/swift-clocks.git", from: "1.1.1"),
        .package(url: "https://github.com/swiftlang/swift-subprocess.git", from: "1.0.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.6.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-extras.git", from: "1.35.2"),
        .package(url: "https://github.com/LebJe/TOMLKit.git", from: "0.6.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CNcursesw",
            pkgConfig: "ncursesw",
            providers: [.apt(["libncurses-dev"])]
        ),
        .executableTarget(
            name: "RegionTableGenerator",
            swiftSettings: strictSettings
        ),
        .plugin(
            name: "RegionTablePlugin",
            capability: .buildTool(),
            dependencies: ["RegionTableGenerator"]
        ),
        .target(
            name: "TextKit",
            swiftSettings: strictSettings
        ),
        .target(
            name: "MomentoKeys",
            dependencies: [
                "TextKit",
                .product(name: "JWTKit", package: "jwt-kit"),
                .product(name: "SystemPackage", package: "swift-system"),
            ],
            swiftSettings: strictSettings,
            plugins: ["RegionTablePlugin"]
        ),
        .target(
            name: "MomentoKeyClient",
            dependencies: [
                "MomentoKeys", "TextKit",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: strictSettings
        ),
        .target(
            name: "KeySandbox",
            dependencies: [
                "MomentoKeys",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "JWTKit", package: "jwt-kit"),
                .product(name: "SystemPackage", package: "swift-system"),
            ],
            swiftSettings: strictSettings
        ),
        .target(
            name: "KeySandboxServer",
            dependencies: [
                "MomentoKeys", "KeySandbox", "TextKit",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "SystemPackage", package: "swift-system"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
            ],
            swiftSettings: strictSettings
        ),
        .target(
            name: "ScreenModel",
            dependencies: ["TextKit"],
            swiftSettings: strictSettings
        ),
        .target(
            name: "ConsoleUI",
            dependencies: ["MomentoKeys", "TextKit", "ScreenModel"],
            swiftSettings: strictSettings
        ),
        .target(
            name: "TerminalIO",
            dependencies: [
                "CNcursesw", "ScreenModel", "TextKit",
                .product(name: "SystemPackage", package: "swift-system"),
            ],
            swiftSettings: strictSettings
        ),
        .target(
            name: "KeyconsoleCore",
            dependencies: [
                "MomentoKeys", "MomentoKeyClient", "KeySandbox", "ConsoleUI", "TerminalIO",
                "TextKit", "ScreenModel",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "SystemPackage", package: "swift-system"),
                .product(name: "Subprocess", package: "swift-subprocess"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "TOMLKit", package: "TOMLKit"),
            ],
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "keyconsole",
            dependencies: [
                "KeyconsoleCore", "MomentoKeys", "MomentoKeyClient", "KeySandbox",
                "KeySandboxServer", "ConsoleUI", "TerminalIO", "TextKit",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "SystemPackage", package: "swift-system"),
            ],
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "perf-harness",
            dependencies: [
                "KeyconsoleCore", "KeySandbox", "MomentoKeys", "ConsoleUI", "TerminalIO",
                .product(name: "Clocks", package: "swift-clocks"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Benchmarks/PerfHarness",
            swiftSettings: strictSettings
        ),
        .target(
            name: "TestSupport",
            dependencies: [
                "MomentoKeys",
                "KeySandbox",
                "KeySandboxServer",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "InMemoryLogging", package: "swift-log"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Clocks", package: "swift-clocks"),
            ],
            path: "Tests/TestSupport",
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "TextKitTests",
            dependencies: [
                "TextKit", "MomentoKeys",
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "MomentoKeysTests",
            dependencies: [
                "MomentoKeys",
                "TextKit",
                "TestSupport",
                .product(name: "PropertyBased", package: "swift-property-based"),
                .product(name: "Clocks", package: "swift-clocks"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "MomentoKeyClientTests",
            dependencies: [
                "MomentoKeyClient",
                "MomentoKeys",
                "KeySandbox",
                "KeySandboxServer",
                "TestSupport",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "PropertyBased", package: "swift-property-based"),
                .product(name: "Clocks", package: "swift-clocks"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "InMemoryLogging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "KeySandboxTests",
            dependencies: [
                "KeySandbox",
                "MomentoKeys",
                "TestSupport",
                .product(name: "Clocks", package: "swift-clocks"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "PropertyBased", package: "swift-property-based"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "KeySandboxServerTests",
            dependencies: [
                "KeySandboxServer",
                "KeySandbox",
                "MomentoKeys",
                "MomentoKeyClient",
                "TestSupport",
                .product(name: "Clocks", package: "swift-clocks"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "PropertyBased", package: "swift-property-based"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "ScreenModelTests",
            dependencies: [
                "ScreenModel",
                "TextKit",
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "ConsoleUITests",
            dependencies: [
                "ConsoleUI",
                "MomentoKeys",
                "TextKit",
                "ScreenModel",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ],
            exclude: ["Snapshots"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "TerminalIOTests",
            dependencies: [
                "TerminalIO",
                "ScreenModel",
                "TextKit",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "KeyconsoleCoreTests",
            dependencies: [
                "KeyconsoleCore",
                "MomentoKeys",
                "MomentoKeyClient",
                "KeySandbox",
                "KeySandboxServer",
                "TestSupport",
                "ConsoleUI",
                "TerminalIO",
                "TextKit",
                "ScreenModel",
                .product(name: "PropertyBased", package: "swift-property-based"),
                .product(name: "Clocks", package: "swift-clocks"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "EndToEndTests",
            dependencies: [
                "keyconsole",
                "KeyconsoleCore",
                "MomentoKeys",
                "KeySandbox",
                "TestSupport",
                .product(name: "Subprocess", package: "swift-subprocess"),
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            exclude: ["Snapshots"],
            swiftSettings: strictSettings
        ),
    ]
)
