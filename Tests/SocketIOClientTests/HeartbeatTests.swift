import EngineIO
import NIOCore
import SocketIO
import SocketIOClient
import SocketIOProtocol
import Testing

@Suite("Heartbeat", .timeLimit(.minutes(1)))
struct HeartbeatTests {
    @Test(arguments: TransportChoice.allCases)
    func answersEveryPingOfTheServer(choice: TransportChoice) async throws {
        let heartbeats = HeartbeatCounter()
        let server = try await TestServer.start(configure: { options in
            // A heartbeat completes only with the client's pong; the long timeout keeps a slow
            // (loaded) machine from failing a correct client.
            options.engine.pingInterval = .milliseconds(100)
            options.engine.pingTimeout = .seconds(2)
        }) { io in
            io.engine.addObserver(heartbeats)
        }
        let manager = try SocketManager(url: server.url, options: .testing(choice))
        let socket = manager.socket()
        let log = SocketLog(socket)
        try await socket.connect()
        let id = socket.id
        try await heartbeats.roundTrips.wait(for: 4, "pongs")
        #expect(socket.connected)
        #expect(socket.id == id)
        #expect(log.entries.values.allSatisfy { $0.disconnectReason == nil })
        socket.disconnect()
        await server.stop()
    }

    @Test(arguments: TransportChoice.allCases)
    func silentServerIsDetectedAfterPingIntervalPlusPingTimeoutAndReconnected(choice: TransportChoice) async throws {
        let pingInterval = TimeAmount.milliseconds(200)
        let pingTimeout = TimeAmount.milliseconds(800)
        let server = try await TestServer.start(configure: { options in
            options.engine.pingInterval = pingInterval
            options.engine.pingTimeout = pingTimeout
        }, handlers: { io in
            io.onConnection { socket in socket.on("sync") { event in event.ack?() } }
        })
        let proxy = try await BlackholeProxy.start(forwardingTo: server.port)
        let manager = try SocketManager(url: proxy.url, options: .testing(choice))
        let events = ManagerLog(manager)
        let socket = manager.socket()
        let log = SocketLog(socket)
        try await socket.connect()
        if choice == .upgrade { try await events.wait("upgrade") }
        // A round trip: the server is done with the handshake (and the upgrade) too.
        _ = try await socket.emitWithAck("sync", timeout: .seconds(5))
        let first = try await log.connected()

        proxy.silenceOpenConnections()
        let silencedAt = ContinuousClock.now
        #expect(try await log.disconnected() == "ping timeout")
        // At most one heartbeat window after the last ping that got through (slack for a loaded machine).
        let window = Duration.nanoseconds((pingInterval + pingTimeout).nanoseconds)
        #expect(ContinuousClock.now - silencedAt < window + .seconds(1))
        let second = try await log.connected(2)
        #expect(second.id != first.id)
        #expect(events.names.starts(with: ["open"]))
        #expect(events.names.contains("close"))
        #expect(events.names.contains("reconnect 1"))
        if case .close(let reason)? = events.entries.values.first(where: { $0.name == "close" }) {
            #expect(reason == "ping timeout")
        }
        socket.disconnect()
        await proxy.shutdown()
        await server.stop()
    }
}

/// Reports the server's completed heartbeats (ping sent → pong received).
private final class HeartbeatCounter: EngineObserver {
    let roundTrips = Inbox<TimeAmount>()

    func heartbeat(_ session: EngineSession, roundTrip: TimeAmount) { roundTrips.append(roundTrip) }
    func sessionOpened(_ session: EngineSession) {}
    func sessionClosed(_ session: EngineSession, reason: EngineCloseReason) {}
    func upgradeFinished(_ session: EngineSession, outcome: EngineUpgradeOutcome, duration: TimeAmount) {}
}
