import EngineIO
import Logging
import NIOCore
import NIOPosix
import SocketIOClient

/// The load generator's clients: each its own connection (manager) and socket on `/`, connected
/// `connectConcurrency` at a time, from the local addresses `--source-addresses` names.
struct ClientPool {
    let sockets: [ClientSocket]
    let managers: [SocketManager]
    let connectErrors: Int
    let connectSeconds: Double
    private let lost: Counter

    /// Connections lost after they opened (`disconnect()` does not count).
    var disconnections: Int { lost.count }

    /// Connect failures and lost connections: the pool's share of a report's `errors`.
    var errors: Int { connectErrors + disconnections }

    /// Connects `count` clients to `load.url` over `transports`.
    static func connect(_ count: Int, load: LoadOptions, transports: [EngineTransportKind],
                        group: any EventLoopGroup) async throws -> ClientPool {
        var options = SocketIOClientOptions()
        options.transports = transports
        options.reconnection = false
        options.timeout = .seconds(30)
        let silent = Logger(label: "bench") { _ in SwiftLogNoOpLogHandler() }
        let localAddresses = sourceAddresses(load.sourceAddresses, for: load.url)
        let lost = Counter()
        let managers = try (0..<count).map { index in
            var clientOptions = options
            clientOptions.localAddress = localAddresses.map { $0[index % $0.count] }
            let manager = try SocketManager(url: load.url, options: clientOptions, eventLoopGroup: group, logger: silent)
            manager.on { event in
                if case .close = event { lost.increment() }
            }
            return manager
        }
        let sockets = managers.map { $0.socket("/") }
        let failures = Counter()
        let clock = ContinuousClock()
        let start = clock.now
        let concurrency = load.connectConcurrency
        for batchStart in stride(from: 0, to: count, by: concurrency) {
            let batch = Array(sockets[batchStart..<min(count, batchStart + concurrency)])
            await withTaskGroup(of: Void.self) { group in
                for socket in batch {
                    group.addTask {
                        do { try await socket.connect() } catch { failures.increment() }
                    }
                }
            }
        }
        let elapsed = clock.now - start
        return ClientPool(sockets: sockets, managers: managers, connectErrors: failures.count,
                          connectSeconds: elapsed.seconds, lost: lost)
    }

    /// The local addresses to connect from: 127.0.0.1 … 127.0.0.`count` when `url`'s host is an
    /// IPv4 loopback address (127.x.x.x) and `count` is more than 1; otherwise `nil`, the system's choice.
    static func sourceAddresses(_ count: Int, for url: String) -> [String]? {
        guard count > 1, let host = try? ServerURL(url).host, host.hasPrefix("127.") else { return nil }
        return (1...count).map { "127.0.0.\($0)" }
    }

    /// Disconnects every client.
    func disconnect() {
        for manager in managers { manager.disconnect() }
    }
}

extension Duration {
    /// This duration in seconds.
    var seconds: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }
}

/// A monotonic timestamp in nanoseconds, comparable across this process's threads.
func monotonicNanoseconds() -> UInt64 {
    NIODeadline.now().uptimeNanoseconds
}
