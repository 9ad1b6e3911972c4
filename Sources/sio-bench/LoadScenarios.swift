import ArgumentParser
import EngineIO
import NIOCore
import NIOPosix
import SocketIOClient
import SocketIOProtocol

/// `connect`: N clients handshake; handshakes per second and the server's memory per client.
struct ConnectScenario: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "connect", abstract: "N clients handshake.")

    @OptionGroup var load: LoadOptions

    @Option(help: "websocket, or polling (polling, then the upgrade).")
    var transport = "websocket"

    func run() async throws {
        raiseOpenFileLimit()
        let server = load.pid.map(ServerProcess.init)
        let rssBefore = server?.residentKiB()
        let transports: [EngineTransportKind] = transport == "websocket" ? [.websocket] : [.polling, .websocket]
        let pool = try await ClientPool.connect(load.clients, to: load.url, transports: transports,
                                                concurrency: load.connectConcurrency, group: MultiThreadedEventLoopGroup.singleton)
        let rssAfter = server?.residentKiB()
        var report = BenchReport(scenario: "connect", clients: load.clients, seconds: pool.connectSeconds, errors: pool.connectErrors)
        report.handshakesPerSecond = Double(load.clients - pool.connectErrors) / max(pool.connectSeconds, 1e-9)
        if let rssBefore, let rssAfter { report.rssPerClientKB = (rssAfter - rssBefore) / Double(max(1, load.clients)) }
        print(report.json)
        pool.disconnect()
    }
}

/// `fanout`: N clients in one room; one sender triggers broadcasts (the demo's `chat`); messages
/// delivered per second and delivery latency.
struct FanoutScenario: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "fanout", abstract: "Broadcasts to N clients in one room.")

    @OptionGroup var load: LoadOptions

    func run() async throws {
        raiseOpenFileLimit()
        let group = MultiThreadedEventLoopGroup.singleton
        let pool = try await ClientPool.connect(load.clients, to: load.url, transports: [.websocket],
                                                concurrency: load.connectConcurrency, group: group)
        let latency = LatencyRecorder()
        let deliveries = Counter()
        for socket in pool.sockets {
            _ = try? await socket.emitWithAck("join", "bench", timeout: .seconds(10))
            socket.on("chat") { event in
                guard case .object(let message)? = event.arguments.first, case .string(let sent)? = message["text"],
                      let sentAt = UInt64(sent) else { return }
                latency.record(nanoseconds: monotonicNanoseconds() &- sentAt)
                deliveries.increment()
            }
        }
        let sender = try await ClientPool.connect(1, to: load.url, transports: [.websocket], concurrency: 1, group: group)
        let measured = try await Measurement.run(load: load) { tick in
            for _ in 0..<tick {
                try? sender.sockets[0].emit("chat", ["room": "bench", "text": .string(String(monotonicNanoseconds()))])
            }
        } delivered: { deliveries.count }
        var report = BenchReport(scenario: "fanout", clients: load.clients, seconds: measured.seconds, errors: pool.connectErrors)
        report.deliveriesPerSecond = Double(measured.delivered) / measured.seconds
        report.latency = latency
        report.serverCpuUsPerDelivery = measured.serverCpuUsPerDelivery
        print(report.json)
        pool.disconnect()
        sender.disconnect()
    }
}

/// `echo` (WebSocket) and `polling` (long-polling only): N clients send events with acks at a
/// fixed total rate; ack latency and the rate actually acknowledged.
struct EchoScenario: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "echo", abstract: "Acked events at a fixed rate over WebSocket.")

    @OptionGroup var load: LoadOptions

    func run() async throws {
        try await EchoLoad.run(load: load, scenario: "echo", transports: [.websocket])
    }
}

/// `polling`: the echo scenario over long-polling only.
struct PollingScenario: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "polling", abstract: "Acked events at a fixed rate over long-polling.")

    @OptionGroup var load: LoadOptions

    func run() async throws {
        try await EchoLoad.run(load: load, scenario: "polling", transports: [.polling])
    }
}

/// The echo load shared by `echo` and `polling`.
enum EchoLoad {
    static func run(load: LoadOptions, scenario: String, transports: [EngineTransportKind]) async throws {
        raiseOpenFileLimit()
        let pool = try await ClientPool.connect(load.clients, to: load.url, transports: transports,
                                                concurrency: load.connectConcurrency, group: MultiThreadedEventLoopGroup.singleton)
        let latency = LatencyRecorder()
        let acked = Counter()
        let failed = Counter()
        let next = Counter()
        let sockets = pool.sockets
        let measured = try await Measurement.run(load: load) { tick in
            for _ in 0..<tick {
                let socket = sockets[next.increment() % sockets.count]
                let sentAt = monotonicNanoseconds()
                try? socket.emit("echo", arguments: [.number(Double(sentAt))], timeout: .seconds(10)) { result in
                    switch result {
                    case .success:
                        latency.record(nanoseconds: monotonicNanoseconds() &- sentAt)
                        acked.increment()
                    case .failure:
                        failed.increment()
                    }
                }
            }
        } delivered: { acked.count }
        var report = BenchReport(scenario: scenario, clients: load.clients, seconds: measured.seconds,
                                 errors: pool.connectErrors + failed.count)
        report.ackRatePerSecond = Double(measured.delivered) / measured.seconds
        report.deliveriesPerSecond = report.ackRatePerSecond
        report.latency = latency
        report.serverCpuUsPerDelivery = measured.serverCpuUsPerDelivery
        print(report.json)
        pool.disconnect()
    }
}

/// Drives a load at a fixed rate for the scenario's duration, in 10 ms ticks, then waits
/// (briefly) for what is in flight; reads the server's CPU over the run.
enum Measurement {
    struct Outcome {
        var seconds: Double
        var delivered: Int
        var serverCpuUsPerDelivery: Double?
    }

    static func run(load: LoadOptions, send: @escaping @Sendable (Int) -> Void,
                    delivered: @escaping @Sendable () -> Int) async throws -> Outcome {
        let server = load.pid.map(ServerProcess.init)
        let cpuStart = server?.cpuMicroseconds()
        let deliveredBefore = delivered()
        let clock = ContinuousClock()
        let start = clock.now
        let ticks = load.duration * 100
        var owed = 0.0
        for tick in 0..<ticks {
            owed += Double(load.rate) / 100
            let count = Int(owed)
            owed -= Double(count)
            send(count)
            try await Task.sleep(until: start + .milliseconds(10 * (tick + 1)), clock: clock)
        }
        var previous = -1
        while delivered() != previous, clock.now - start < .seconds(load.duration + 5) {
            previous = delivered()
            try await Task.sleep(for: .milliseconds(200))
        }
        let seconds = (clock.now - start).seconds
        let count = delivered() - deliveredBefore
        var cpuPerDelivery: Double?
        if let cpuStart, let cpuEnd = server?.cpuMicroseconds(), count > 0 {
            cpuPerDelivery = (cpuEnd - cpuStart) / Double(count)
        }
        return Outcome(seconds: seconds, delivered: count, serverCpuUsPerDelivery: cpuPerDelivery)
    }
}
