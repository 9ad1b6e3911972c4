import ArgumentParser
import EngineIO
import NIOCore
import NIOPosix
import SocketIOClient
import SocketIOProtocol

/// `connect`: N clients handshake; handshakes per second and the server's memory per client.
struct ConnectScenario: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "connect", abstract: "N clients handshake.",
                                                    discussion: BenchReport.fieldsHelp)

    /// How long the connected clients stay idle before the server's memory is read.
    static let idleBeforeMemory: Duration = .seconds(2)

    @OptionGroup var load: LoadOptions

    @Option(help: "websocket, or polling (polling, then the upgrade).")
    var transport = "websocket"

    func run() async throws {
        raiseOpenFileLimit()
        let server = load.pid.map(ServerProcess.init)
        let rssBefore = server?.residentKiB()
        let transports: [EngineTransportKind] = transport == "websocket" ? [.websocket] : [.polling, .websocket]
        let pool = try await ClientPool.connect(load.clients, load: load, transports: transports,
                                                group: MultiThreadedEventLoopGroup.singleton)
        var rssAfter: Double?
        if let server {
            try await Task.sleep(for: Self.idleBeforeMemory)
            rssAfter = server.residentKiB()
        }
        var report = BenchReport(scenario: "connect", clients: load.clients, seconds: pool.connectSeconds, errors: pool.errors)
        report.handshakesPerSecond = Double(load.clients - pool.connectErrors) / max(pool.connectSeconds, 1e-9)
        if let rssBefore, let rssAfter { report.rssPerClientKB = (rssAfter - rssBefore) / Double(load.clients) }
        print(report.json)
        pool.disconnect()
    }
}

/// `fanout`: N clients in one room; one sender triggers broadcasts (the demo's `chat`); messages
/// delivered per second and delivery latency.
struct FanoutScenario: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "fanout", abstract: "Broadcasts to N clients in one room.",
                                                    discussion: BenchReport.fieldsHelp)

    @OptionGroup var load: LoadOptions

    func run() async throws {
        raiseOpenFileLimit()
        let group = MultiThreadedEventLoopGroup.singleton
        let pool = try await ClientPool.connect(load.clients, load: load, transports: [.websocket], group: group)
        let latency = LatencyRecorder()
        let deliveries = Counter()
        var joinFailures = 0
        for socket in pool.sockets {
            do {
                _ = try await socket.emitWithAck("join", "bench", timeout: LoadOptions.ackTimeout)
            } catch {
                joinFailures += 1
            }
            socket.on("chat") { event in
                guard case .object(let message)? = event.arguments.first, case .string(let sent)? = message["text"],
                      let sentAt = UInt64(sent) else { return }
                latency.record(nanoseconds: monotonicNanoseconds() &- sentAt)
                deliveries.increment()
            }
        }
        let sender = try await ClientPool.connect(1, load: load, transports: [.websocket], group: group)
        let measured = try await Measurement.run(load: load) { count in
            for _ in 0..<count {
                try? sender.sockets[0].emit("chat", ["room": "bench", "text": .string(String(monotonicNanoseconds()))])
            }
        } delivered: { deliveries.count }
        var report = BenchReport(scenario: "fanout", clients: load.clients, seconds: measured.seconds,
                                 errors: pool.errors + sender.errors + joinFailures)
        report.sendingSeconds = measured.sendingSeconds
        report.deliveriesPerSecond = measured.deliveredPerSecondOfSending
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
    static let configuration = CommandConfiguration(commandName: "echo", abstract: "Acked events at a fixed rate over WebSocket.",
                                                    discussion: BenchReport.fieldsHelp)

    @OptionGroup var load: LoadOptions

    func run() async throws {
        try await EchoLoad.run(load: load, scenario: "echo", transports: [.websocket])
    }
}

/// `polling`: the echo scenario over long-polling only.
struct PollingScenario: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "polling", abstract: "Acked events at a fixed rate over long-polling.",
                                                    discussion: BenchReport.fieldsHelp)

    @OptionGroup var load: LoadOptions

    func run() async throws {
        try await EchoLoad.run(load: load, scenario: "polling", transports: [.polling])
    }
}

/// The echo load shared by `echo` and `polling`.
enum EchoLoad {
    static func run(load: LoadOptions, scenario: String, transports: [EngineTransportKind]) async throws {
        raiseOpenFileLimit()
        let pool = try await ClientPool.connect(load.clients, load: load, transports: transports,
                                                group: MultiThreadedEventLoopGroup.singleton)
        let latency = LatencyRecorder()
        let acked = Counter()
        let timedOut = Counter()
        let next = Counter()
        let sockets = pool.sockets
        let measured = try await Measurement.run(load: load) { count in
            for _ in 0..<count {
                let socket = sockets[next.increment() % sockets.count]
                let sentAt = monotonicNanoseconds()
                try? socket.emit("echo", arguments: [.number(Double(sentAt))], timeout: LoadOptions.ackTimeout) { result in
                    switch result {
                    case .success:
                        latency.record(nanoseconds: monotonicNanoseconds() &- sentAt)
                        acked.increment()
                    case .failure(.ackTimeout):
                        timedOut.increment()
                    case .failure:
                        break  // the connection was lost: counted once, as a disconnection
                    }
                }
            }
        } delivered: { acked.count }
        var report = BenchReport(scenario: scenario, clients: load.clients, seconds: measured.seconds,
                                 errors: pool.errors + timedOut.count)
        report.sendingSeconds = measured.sendingSeconds
        report.ackRatePerSecond = measured.deliveredPerSecondOfSending
        report.deliveriesPerSecond = report.ackRatePerSecond
        report.latency = latency
        report.serverCpuUsPerDelivery = measured.serverCpuUsPerDelivery
        print(report.json)
        pool.disconnect()
    }
}
