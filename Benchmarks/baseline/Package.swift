// swift-tools-version: 6.1
// The benchmark's baseline: a raw SwiftNIO WebSocket server that does the minimum byte work for the
// demo protocol (see Sources/sio-baseline/main.swift). Standalone, so that it is built on its own:
//   swift build -c release --package-path Benchmarks/baseline
import PackageDescription

let package = Package(
    name: "sio-baseline",
    platforms: [.macOS(.v15)],
    products: [.executable(name: "sio-baseline", targets: ["sio-baseline"])],
    dependencies: [
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
    ],
    targets: [
        .executableTarget(
            name: "sio-baseline",
            dependencies: [
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOWebSocket", package: "swift-nio"),
            ]
        ),
    ]
)
