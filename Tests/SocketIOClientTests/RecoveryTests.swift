import NIOCore
import SocketIO
import SocketIOClient
import SocketIOProtocol
import Testing

@Suite("Connection state recovery", .timeLimit(.minutes(1)))
struct RecoveryTests {
    /// A server with recovery on: greets each socket (so the client holds an offset), and when a
    /// socket's transport is lost emits `missed` to the socket's own room while it is away.
    static func recoveringServer(recovery: Bool = true) async throws -> (TestServer, Inbox<Socket>) {
        let sockets = Inbox<Socket>()
        let server = try await TestServer.start(configure: { options in
            if recovery { options.connectionStateRecovery = ConnectionStateRecoveryOptions() }
        }, handlers: { io in
            io.onConnection { socket in
                sockets.append(socket)
                socket.on("sync") { event in event.ack?() }
                if !socket.recovered { try? socket.emit("hello", "first session") }
                socket.onDisconnect { reason in
                    guard reason != .clientNamespaceDisconnect else { return }
                    try? io.to(socket.id).emit("missed", "while away", 1)
                    try? io.to(socket.id).emit("missed", "while away", 2)
                }
            }
        })
        return (server, sockets)
    }

    @Test(arguments: TransportChoice.allCases)
    func reconnectRecoversTheSessionAndItsMissedEvents(choice: TransportChoice) async throws {
        let (server, sockets) = try await Self.recoveringServer()
        let manager = try SocketManager(url: server.url, options: .testing(choice))
        let events = ManagerLog(manager)
        let socket = manager.socket()
        let log = SocketLog(socket)
        try await socket.connect()
        let first = try await log.connected()
        #expect(!first.recovered)
        try await log.event("hello")
        if choice == .upgrade {
            // Once the server has the upgrade too (a round trip after `5`): our server closes a
            // polling session caught mid-upgrade only after 30 s, which is not this test's subject.
            try await events.wait("upgrade")
            _ = try await socket.emitWithAck("sync", timeout: .seconds(5))
        }

        // The server drops the transport (`forced close`, a reason recovery keeps the session for).
        try await sockets.first().engine.close()
        #expect(try await log.disconnected() == "transport close")
        let second = try await log.connected(2)
        #expect(second.recovered)
        #expect(second.id == first.id)
        #expect(socket.recovered)
        #expect(socket.id == first.id)
        let missed = try await log.entries.wait(for: 2, "missed events") { $0.event?.name == "missed" }
        #expect(missed.map { Array($0.event!.arguments.prefix(2)) } == [["while away", 1], ["while away", 2]])
        // Every recorded event carries its offset as a last string argument.
        #expect(missed.allSatisfy { if case .string? = $0.event!.arguments.last { true } else { false } })
        #expect(try await sockets.wait(for: 2, "server sockets")[1].recovered)
        socket.disconnect()
        await server.stop()
    }

    @Test func recoveryHoldsAcrossSeveralReconnects() async throws {
        let (server, sockets) = try await Self.recoveringServer()
        let manager = try SocketManager(url: server.url, options: .testing(.websocket))
        let socket = manager.socket()
        let log = SocketLog(socket)
        try await socket.connect()
        let first = try await log.connected()
        try await log.event("hello")
        for round in 2...3 {
            try await sockets.wait(for: round - 1, "server sockets")[round - 2].engine.close()
            let next = try await log.connected(round)
            #expect(next.recovered)
            #expect(next.id == first.id)
            try await log.event("missed", 2 * (round - 1))
        }
        socket.disconnect()
        await server.stop()
    }

    @Test func withoutServerRecoveryTheSocketReconnectsAsANewOne() async throws {
        let (server, sockets) = try await Self.recoveringServer(recovery: false)
        let manager = try SocketManager(url: server.url, options: .testing(.websocket))
        let socket = manager.socket()
        let log = SocketLog(socket)
        try await socket.connect()
        let first = try await log.connected()
        try await sockets.first().engine.close()
        let second = try await log.connected(2)
        #expect(!second.recovered)
        #expect(second.id != first.id)
        #expect(!socket.recovered)
        socket.disconnect()
        await server.stop()
    }
}
