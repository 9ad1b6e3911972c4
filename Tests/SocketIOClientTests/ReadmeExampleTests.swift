import NIOCore
import SocketIO
import SocketIOClient
import SocketIOProtocol
import Testing

@Suite("The README's client example", .timeLimit(.minutes(1)))
struct ReadmeExampleTests {
    @Test func runsAgainstOurServer() async throws {
        let server = try await TestServer.start(handlers: { io in
            io.use { socket in
                guard socket.handshake.auth["token"] == "secret" else { throw SocketIOMiddlewareError("no") }
            }
            io.onConnection { socket in
                socket.on("echo") { event in event.ack?.send(event.arguments) }
                socket.on("chat") { event in try? socket.emit("chat", arguments: event.arguments) }
            }
        })
        // The README's lines, with the test server's URL.
        let manager = try SocketManager(url: server.url)
        let socket = manager.socket("/", auth: ["token": "secret"])
        let chats = AsyncStream<[SocketIOValue]>.makeStream()
        socket.on("chat") { event in chats.continuation.yield(event.arguments) }
        try await socket.connect()
        let reply = try await socket.emitWithAck("echo", "hi", timeout: .seconds(5))
        try socket.emit("chat", ["room": "lobby", "text": "hello"])
        #expect(reply == ["hi"])
        var iterator = chats.stream.makeAsyncIterator()
        #expect(await iterator.next() == [["room": "lobby", "text": "hello"]])
        socket.disconnect()
        await server.stop()
    }
}
