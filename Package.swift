// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "swift-socket-io",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "EngineIO", targets: ["EngineIO"]),
        .library(name: "SocketIOProtocol", targets: ["SocketIOProtocol"]),
        .library(name: "SocketIO", targets: ["SocketIO"]),
        .library(name: "SocketIONIO", targets: ["SocketIONIO"]),
        .library(name: "SocketIOClient", targets: ["SocketIOClient"]),
        .library(name: "SocketIOAdmin", targets: ["SocketIOAdmin"]),
        .library(name: "SocketIOCluster", targets: ["SocketIOCluster"]),
        .library(name: "SocketIOPostgres", targets: ["SocketIOPostgres"]),
        .library(name: "AdminConsole", targets: ["AdminConsole"]),
        .executable(name: "sio-server", targets: ["sio-server"]),
        .executable(name: "sio-bench", targets: ["sio-bench"]),
        .executable(name: "sio-console", targets: ["sio-console"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/HdrHistogram/hdrhistogram-swift", from: "0.2.0"),
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
    ],
    targets: [
        .target(
            name: "EngineIO",
            dependencies: [
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "SocketIOProtocol",
            dependencies: [
                "EngineIO",
                .product(name: "NIOCore", package: "swift-nio"),
            ]
        ),
        .target(
            name: "SocketIO",
            dependencies: [
                "EngineIO",
                "SocketIOProtocol",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "SocketIONIO",
            dependencies: [
                "EngineIO",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOWebSocket", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "SocketIOClient",
            dependencies: [
                "EngineIO",
                "SocketIOProtocol",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOWebSocket", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .systemLibrary(
            name: "CCrypt",
            path: "Sources/CCrypt",
            providers: [.apt(["libcrypt-dev"])]
        ),
        .target(
            name: "SocketIOAdmin",
            dependencies: [
                "SocketIO",
                "SocketIOProtocol",
                "EngineIO",
                "CCrypt",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "SocketIOCluster",
            dependencies: [
                "SocketIO",
                "SocketIOProtocol",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ]
        ),
        .target(
            name: "SocketIOPostgres",
            dependencies: [
                "SocketIOCluster",
                "SocketIO",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .systemLibrary(
            name: "CNcurses",
            path: "Sources/CNcurses",
            providers: [.apt(["libncurses-dev"])]
        ),
        .target(
            name: "AdminConsole",
            dependencies: [
                "SocketIOClient",
                "SocketIOProtocol",
                "CNcurses",
                .product(name: "NIOCore", package: "swift-nio"),
            ]
        ),
        .executableTarget(
            name: "sio-console",
            dependencies: [
                "AdminConsole",
                "SocketIOClient",
                "SocketIOProtocol",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "NIOCore", package: "swift-nio"),
            ]
        ),
        .executableTarget(
            name: "sio-server",
            dependencies: [
                "EngineIO",
                "SocketIO",
                "SocketIOAdmin",
                "SocketIOCluster",
                "SocketIOPostgres",
                "SocketIOProtocol",
                "SocketIONIO",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
            ]
        ),
        .executableTarget(
            name: "sio-bench",
            dependencies: [
                "BenchmarkSupport",
                "EngineIO",
                "SocketIO",
                "SocketIOClient",
                .product(name: "Histogram", package: "hdrhistogram-swift"),
                "SocketIOAdmin",
                "SocketIOProtocol",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ]
        ),
        .target(
            name: "BenchmarkSupport",
            dependencies: [
                "EngineIO",
                "SocketIO",
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            path: "Benchmarks/Support"
        ),
        .executableTarget(
            name: "HotPaths",
            dependencies: [
                "AdminConsole",
                "BenchmarkSupport",
                "EngineIO",
                "SocketIO",
                "SocketIOProtocol",
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            path: "Benchmarks/HotPaths",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        .executableTarget(
            name: "sio-interop-server",
            dependencies: [
                "SocketIO",
                "SocketIOCluster",
                "SocketIOPostgres",
                "SocketIOProtocol",
                "SocketIONIO",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            path: "Tests/InteropServer"
        ),
        .testTarget(
            name: "EngineIOTests",
            dependencies: [
                "EngineIO",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(
            name: "SocketIOTests",
            dependencies: [
                "SocketIOTestSupport",
                "SocketIO",
                "SocketIOProtocol",
                "EngineIO",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(
            name: "SocketIOClientTests",
            dependencies: [
                "SocketIOClient",
                .product(name: "NIOPosix", package: "swift-nio"),
                "SocketIO",
                "SocketIONIO",
                "SocketIOProtocol",
                "EngineIO",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(
            name: "SocketIOAdminTests",
            dependencies: [
                "SocketIOAdmin",
                "SocketIOProtocol",
            ]
        ),
        .testTarget(
            name: "AdminConsoleTests",
            dependencies: [
                "AdminConsole",
                "SocketIOProtocol",
            ]
        ),
        .target(
            name: "SocketIOTestSupport",
            dependencies: [
                "EngineIO",
                "SocketIO",
                "SocketIOProtocol",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            path: "Tests/Support"
        ),
        .testTarget(
            name: "SocketIOClusterTests",
            dependencies: [
                "SocketIOTestSupport",
                "SocketIOAdmin",
                "SocketIOCluster",
                "SocketIOProtocol",
                "SocketIO",
                "EngineIO",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(
            name: "SocketIOPostgresTests",
            dependencies: [
                "SocketIOTestSupport",
                "SocketIOPostgres",
                "SocketIOCluster",
                "SocketIOProtocol",
                "SocketIO",
                "EngineIO",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(
            name: "SocketIOProtocolTests",
            dependencies: [
                "SocketIOProtocol",
                "EngineIO",
                .product(name: "NIOCore", package: "swift-nio"),
            ]
        ),
    ]
)
