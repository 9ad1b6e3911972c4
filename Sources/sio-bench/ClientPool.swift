import EngineIO
import Logging
import NIOCore
import NIOPosix
import SocketIOClient

/// The load generator's clients: each its own connection (manager) and socket on `/`, connected
/// a batch at a time.
struct ClientPool {
    let sockets: [ClientSocket]
    let managers: [SocketManager]
    let connectErrors: Int
    let connectSeconds: Double

    /// Connects `count` clients to `url` over `transports`.
    static func connect(_ count: Int, to url: String, transports: [EngineTransportKind], concurrency: Int,
                        group: any EventLoopGroup) async throws -> ClientPool {
        var options = SocketIOClientOptions()
        options.transports = transports
        options.reconnection = false
        options.timeout = .seconds(30)
        let silent = Logger(label: "bench") { _ in SwiftLogNoOpLogHandler() }
        let managers = try (0..<count).map { _ in try SocketManager(url: url, options: options, eventLoopGroup: group, logger: silent) }
        let sockets = managers.map { $0.socket("/") }
        let failures = Counter()
        let clock = ContinuousClock()
        let start = clock.now
        for batchStart in stride(from: 0, to: count, by: max(1, concurrency)) {
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
                          connectSeconds: elapsed.seconds)
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
