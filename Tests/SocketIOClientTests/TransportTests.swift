import EngineIO
import NIOCore
import SocketIO
import SocketIOClient
import SocketIOProtocol
import Testing

@Suite("Transports", .timeLimit(.minutes(1)))
struct TransportTests {
    /// A server that reports every socket's handshake and echoes `echo` through its ack.
    static func handshakeServer(path: String = "/socket.io/") async throws -> (TestServer, Inbox<SocketHandshake>) {
        let handshakes = Inbox<SocketHandshake>()
        let server = try await TestServer.start(configure: { $0.engine.path = path }) { io in
            io.onConnection { socket in
                handshakes.append(socket.handshake)
                socket.on("echo") { event in event.ack?.send(event.arguments) }
            }
        }
        return (server, handshakes)
    }

    @Test(arguments: TransportChoice.allCases)
    func opensTheSessionOnTheFirstConfiguredTransport(choice: TransportChoice) async throws {
        let (server, handshakes) = try await Self.handshakeServer()
        let manager = try SocketManager(url: server.url, options: .testing(choice))
        let socket = manager.socket()
        try await socket.connect()
        let handshake = try await handshakes.first()
        #expect(handshake.query["transport"] == choice.transports[0].rawValue)
        #expect(handshake.query["EIO"] == "4")
        #expect(try await socket.emitWithAck("echo", "hi", timeout: .seconds(5)) == ["hi"])
        socket.disconnect()
        await server.stop()
    }

    @Test func upgradesFromPollingToWebSocket() async throws {
        let (server, _) = try await Self.handshakeServer()
        let manager = try SocketManager(url: server.url, options: .testing(.upgrade))
        let events = ManagerLog(manager)
        let socket = manager.socket()
        try await socket.connect()
        try await events.wait("upgrade")
        #expect(events.names.contains("upgrade websocket"))
        #expect(await manager.transport == .websocket)
        #expect(try await socket.emitWithAck("echo", "after upgrade", timeout: .seconds(5)) == ["after upgrade"])
        socket.disconnect()
        await server.stop()
    }

    @Test func pollingOnlyStaysOnPolling() async throws {
        let (server, _) = try await Self.handshakeServer()
        let manager = try SocketManager(url: server.url, options: .testing(.polling))
        let events = ManagerLog(manager)
        let socket = manager.socket()
        try await socket.connect()
        for round in 0..<3 {
            #expect(try await socket.emitWithAck("echo", .number(Double(round)), timeout: .seconds(5)) == [.number(Double(round))])
        }
        #expect(await manager.transport == .polling)
        #expect(!events.names.contains { $0.hasPrefix("upgrade") })
        socket.disconnect()
        await server.stop()
    }

    @Test(arguments: TransportChoice.allCases)
    func customPathQueryAndHeadersReachTheServer(choice: TransportChoice) async throws {
        let (server, handshakes) = try await Self.handshakeServer(path: "/realtime/")
        var options = SocketIOClientOptions.testing(choice)
        options.path = "/realtime"
        options.query = ["room": "blue", "token": "a b&c"]
        options.extraHeaders = ["X-Client-Name": "swift tests"]
        let manager = try SocketManager(url: server.url, options: options)
        let socket = manager.socket()
        try await socket.connect()
        let handshake = try await handshakes.first()
        #expect(handshake.url.hasPrefix("/realtime/?"))
        #expect(handshake.query["room"] == "blue")
        #expect(handshake.query["token"] == "a b&c")
        #expect(handshake.headers["x-client-name"] == "swift tests")
        #expect(handshake.headers["user-agent"] == "swift-socket-io-client")
        socket.disconnect()
        await server.stop()
    }

    @Test func extraUserAgentHeaderReplacesTheDefault() async throws {
        let (server, handshakes) = try await Self.handshakeServer()
        var options = SocketIOClientOptions.testing(.polling)
        options.extraHeaders = ["user-agent": "my-app/1.0"]
        let manager = try SocketManager(url: server.url, options: options)
        let socket = manager.socket()
        try await socket.connect()
        #expect(try await handshakes.first().headers["user-agent"] == "my-app/1.0")
        socket.disconnect()
        await server.stop()
    }

    @Test(arguments: [TransportChoice.polling, .websocket])
    func wsSchemeURLConnects(choice: TransportChoice) async throws {
        let (server, _) = try await Self.handshakeServer()
        let manager = try SocketManager(url: "ws://127.0.0.1:\(server.port)", options: .testing(choice))
        let socket = manager.socket()
        try await socket.connect()
        #expect(socket.connected)
        socket.disconnect()
        await server.stop()
    }

    @Test(arguments: TransportChoice.allCases)
    func connectsFromTheConfiguredLocalAddress(choice: TransportChoice) async throws {
        let (server, handshakes) = try await Self.handshakeServer()
        var options = SocketIOClientOptions.testing(choice)
        options.localAddress = "127.0.0.2"
        let manager = try SocketManager(url: server.url, options: options)
        let events = ManagerLog(manager)
        let socket = manager.socket()
        try await socket.connect()
        #expect(try await handshakes.first().address == "127.0.0.2")
        if choice == .upgrade { try await events.wait("upgrade") }
        #expect(await manager.transport == choice.settled)
        #expect(try await socket.emitWithAck("echo", "from 127.0.0.2", timeout: .seconds(5)) == ["from 127.0.0.2"])
        socket.disconnect()
        await server.stop()
    }

    @Test(arguments: ["localhost", "127.0.0", "not an address"])
    func localAddressThatIsNotAnIPAddressThrows(address: String) {
        var options = SocketIOClientOptions()
        options.localAddress = address
        #expect(throws: SocketIOClientError.invalidLocalAddress(address)) {
            try SocketManager(url: "http://127.0.0.1:3000", options: options)
        }
    }

    @Test(arguments: ["https://127.0.0.1:3000", "wss://127.0.0.1:3000", "HTTPS://example.com"])
    func secureURLsThrowTLSNotAvailable(url: String) {
        #expect(throws: SocketIOClientError.tlsNotAvailable) { try SocketManager(url: url) }
    }

    @Test func tlsErrorSaysWhatToDo() {
        #expect(SocketIOClientError.tlsNotAvailable.description.contains("http://"))
    }
}
