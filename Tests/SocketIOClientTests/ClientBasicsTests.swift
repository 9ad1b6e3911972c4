import EngineIO
import NIOCore
import SocketIO
import SocketIOClient
import SocketIOProtocol
import Testing

@Suite("Client against our server", .timeLimit(.minutes(1)))
struct ClientBasicsTests {
    static let transportChoices: [[EngineTransportKind]] = [[.polling], [.websocket], [.polling, .websocket]]

    @Test(arguments: transportChoices)
    func connectsEchoesWithAckAndBinary(transports: [EngineTransportKind]) async throws {
        let server = try await TestServer.start { io in
            io.onConnection { socket in
                socket.on("echo") { event in event.ack?.send(event.arguments) }
            }
        }
        var options = SocketIOClientOptions()
        options.transports = transports
        let manager = try SocketManager(url: server.url, options: options)
        let socket = manager.socket()
        try await socket.connect()
        #expect(socket.connected)
        #expect(socket.id?.count == 20)
        let payload: SocketIOValue = ["a": [1, true, .null], "bin": .binary(ByteBuffer(bytes: [1, 2, 3]))]
        let reply = try await socket.emitWithAck("echo", payload, "x", timeout: .seconds(5))
        #expect(reply == [payload, "x"])
        socket.disconnect()
        await server.stop()
    }
}
