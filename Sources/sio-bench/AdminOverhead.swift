import ArgumentParser
import Logging
import NIOCore
import NIOPosix
import SocketIO
import SocketIOAdmin
import SocketIOProtocol
import BenchmarkSupport

#if canImport(Glibc)
import Glibc
#endif

/// Broadcast throughput to in-process sockets with the admin namespace off, on with nobody
/// connected, and on with one admin connected (development mode): what instrumenting costs.
struct AdminOverhead: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "admin-overhead",
        abstract: "Broadcast throughput with the admin namespace off, idle, and watched.")

    @Option(help: "Sockets in the room.")
    var sockets = 1000

    @Option(help: "Broadcasts per measurement.")
    var broadcasts = 2000

    @Option(help: "Event loops the sockets are spread over.")
    var loops = 2

    enum Setup: String, CaseIterable {
        case adminOff = "admin off"
        case adminIdle = "admin on, nobody connected"
        case adminWatched = "admin on, one admin connected"
    }

    func run() async throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: loops)
        var rows: [(Setup, Double, Double)] = []
        for setup in Setup.allCases {
            let (perSecond, cpuMicroseconds) = try await measure(setup, group: group)
            rows.append((setup, perSecond, cpuMicroseconds))
            let label = setup.rawValue + String(repeating: " ", count: max(0, 32 - setup.rawValue.count))
            print("\(label) \(Int(perSecond)) broadcasts/s, \(Int(perSecond) * sockets) deliveries/s,"
                  + " \(Self.rounded(cpuMicroseconds, places: 3)) µs CPU per delivery")
        }
        let json = rows.map { setup, perSecond, cpu in
            #"{"setup":"\#(setup.rawValue)","broadcastsPerSecond":\#(Int(perSecond)),"deliveriesPerSecond":\#(Int(perSecond) * sockets),"cpuUsPerDelivery":\#(Self.rounded(cpu, places: 4))}"#
        }
        print(#"{"scenario":"admin-overhead","sockets":\#(sockets),"broadcasts":\#(broadcasts),"results":[\#(json.joined(separator: ","))]}"#)
        try await group.shutdownGracefully()
    }

    /// Broadcasts per second to `sockets` sockets, and the process's CPU time per delivery.
    private func measure(_ setup: Setup, group: MultiThreadedEventLoopGroup) async throws -> (Double, Double) {
        let silent = Logger(label: "bench") { _ in SwiftLogNoOpLogHandler() }
        let server = SocketIOServer(logger: silent)
        var admin: AdminInstrument?
        if setup != .adminOff { admin = try AdminInstrument.instrument(server, logger: silent) }
        defer { admin?.stop() }
        var clients: [InProcessClient] = []
        for index in 0..<sockets {
            clients.append(try await InProcessClient(server: server, loop: group.any(index), namespace: "/"))
        }
        if setup == .adminWatched {
            _ = try await InProcessClient(server: server, loop: group.any(0), namespace: "/admin")
        }
        while server.sockets.sockets.count < sockets { try await Task.sleep(for: .milliseconds(5)) }
        let payload: SocketIOValue = ["text": "hello everyone", "n": 42]
        let before = clients.reduce(0) { $0 + $1.receivedFrames }
        let expected = before + sockets * broadcasts
        let cpuStart = Self.processCPUMicroseconds()
        let clock = ContinuousClock()
        let start = clock.now
        for _ in 0..<broadcasts { try server.emit("tick", payload) }
        while clients.reduce(0, { $0 + $1.receivedFrames }) < expected { try await Task.sleep(for: .milliseconds(1)) }
        let elapsed = clock.now - start
        let cpu = Self.processCPUMicroseconds() - cpuStart
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        await server.close()
        return (Double(broadcasts) / seconds, cpu / Double(sockets * broadcasts))
    }

    /// `value` with at most `places` decimals, as text.
    private static func rounded(_ value: Double, places: Int) -> String {
        var scale = 1.0
        for _ in 0..<places { scale *= 10 }
        return String((value * scale).rounded() / scale)
    }

    /// User + system CPU time of this process, in microseconds.
    private static func processCPUMicroseconds() -> Double {
        var usage = rusage()
        getrusage(Int32(RUSAGE_SELF.rawValue), &usage)
        return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) * 1e6 + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec)
    }
}

extension MultiThreadedEventLoopGroup {
    /// The loop number `index` modulo the group's size.
    fileprivate func any(_ index: Int) -> any EventLoop {
        let loops = Array(makeIterator())
        return loops[index % loops.count]
    }
}
