import NIOCore
import SocketIOClient
import SocketIOProtocol
import Testing

@Suite("Faults", .timeLimit(.minutes(1)))
struct FaultTests {
    /// The python server records every `record` in a file; it is killed (SIGKILL), the client
    /// emits while it is down, it comes back on the same port: after reconnecting with backoff
    /// the client delivers each buffered emit, once.
    @Test(arguments: TransportChoice.allCases)
    func emitsBufferedWhileTheServerProcessIsDownArriveExactlyOnce(choice: TransportChoice) async throws {
        let server = try await PythonServer.start()
        var options = SocketIOClientOptions.testing(choice)
        options.randomizationFactor = 0.5
        let manager = try SocketManager(url: server.url, options: options)
        let events = ManagerLog(manager)
        let socket = manager.socket()
        let log = SocketLog(socket)
        try await withTimeout("connecting") { try await socket.connect() }
        #expect(try await socket.emitWithAck("record", "before", timeout: .seconds(5)) == [1])

        await server.kill()
        try await log.disconnected()
        for index in 1...5 { try socket.emit("record", "while down \(index)") }
        let acked = Task { try await socket.emitWithAck("record", "while down, with ack", timeout: .seconds(10)) }
        try await events.wait(for: 2, "reconnectError")
        let restarted = try await server.restart()

        try await log.connected(2)
        #expect(try await acked.value == [7])
        let records = try await socket.emitWithAck("records", timeout: .seconds(5))
        #expect(records == [[
            "before", "while down 1", "while down 2", "while down 3", "while down 4", "while down 5", "while down, with ack",
        ]])
        let names = events.names.filter { !$0.hasPrefix("upgrade") }
        let attempts = names.filter { $0.hasPrefix("reconnectAttempt") }
        #expect(attempts.count >= 3)
        #expect(names.last == "reconnect \(attempts.count)")
        socket.disconnect()
        await restarted.stop()
    }
}
