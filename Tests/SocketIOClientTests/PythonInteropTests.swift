import NIOCore
import SocketIOClient
import SocketIOProtocol
import Testing

/// Against python-socketio's `AsyncServer` (aiohttp), a server nobody here wrote:
/// `Tests/Interop/python_sio_server.py`, one process for the suite (tests use their own sockets
/// and rooms), and one more for the restart.
@Suite("Against python-socketio", .timeLimit(.minutes(1)), .sharedPythonServer)
struct PythonInteropTests {
    static func connected(to server: PythonServer, _ choice: TransportChoice = .websocket, namespace: String = "/",
                          auth: SocketIOObject = [:]) async throws -> ClientSocket {
        let socket = try SocketManager(url: server.url, options: .testing(choice)).socket(namespace, auth: auth)
        try await withTimeout("connecting to python-socketio") { try await socket.connect() }
        return socket
    }

    @Test(arguments: TransportChoice.allCases)
    func connectsAndIsSeenByTheServer(choice: TransportChoice) async throws {
        let server = try PythonServer.shared
        let socket = try await Self.connected(to: server, choice)
        let id = try #require(socket.id)
        try await server.output.first("the server's connect line") { $0 == "connect / \(id)" }
        socket.disconnect()
        try await server.output.first("the server's disconnect line") { $0.hasPrefix("disconnect / \(id)") }
    }

    @Test func connectHandlerAcceptsAGoodTokenAndSeesAuthAndQuery() async throws {
        let server = try PythonServer.shared
        var options = SocketIOClientOptions.testing(.polling)
        options.query = ["client": "swift"]
        let socket = try SocketManager(url: server.url, options: options).socket("/private", auth: ["token": "secret"])
        try await withTimeout("connecting") { try await socket.connect() }
        let seen = try await socket.emitWithAck("whoami", timeout: .seconds(5))
        guard case .object(let handshake)? = seen.first else { Issue.record("no handshake in \(seen)"); return }
        #expect(handshake["auth"] == ["token": "secret"])
        if case .object(let query)? = handshake["query"] { #expect(query["client"] == "swift") }
        socket.disconnect()
    }

    @Test(arguments: TransportChoice.allCases)
    func connectHandlerRefusalIsConnectErrorWithMessageAndData(choice: TransportChoice) async throws {
        let server = try PythonServer.shared
        let socket = try SocketManager(url: server.url, options: .testing(choice)).socket("/private", auth: ["token": "wrong"])
        let log = SocketLog(socket)
        await #expect(throws: SocketIOClientError.connectError(message: "invalid token", data: ["reason": "bad token"])) {
            try await withTimeout("the refusal") { try await socket.connect() }
        }
        #expect(try await log.entries.first { $0.connectError != nil }.connectError
                == .connectError(message: "invalid token", data: ["reason": "bad token"]))
    }

    @Test(arguments: TransportChoice.allCases)
    func httpMiddlewareRefusalIsConnectError(choice: TransportChoice) async throws {
        let server = try PythonServer.shared
        var options = SocketIOClientOptions.testing(choice)
        options.query = ["apikey": "stolen"]
        options.reconnection = false
        let socket = try SocketManager(url: server.url, options: options).socket()
        let log = SocketLog(socket)
        await #expect {
            try await withTimeout("the refusal") { try await socket.connect() }
        } throws: { error in
            guard case .connectionFailed(let detail)? = error as? SocketIOClientError else { return false }
            return detail.contains("403")
        }
        let reported = try await log.entries.first("connect_error") { $0.connectError != nil }
        if case .connectionFailed(let detail)? = reported.connectError {
            #expect(detail.contains("403"))
            if choice != .websocket { #expect(detail.contains("invalid api key")) }
        } else {
            Issue.record("expected connectionFailed, got \(reported)")
        }
    }

    @Test(arguments: TransportChoice.allCases)
    func acksWorkBothWays(choice: TransportChoice) async throws {
        let server = try PythonServer.shared
        let socket = try await Self.connected(to: server, choice)
        let log = SocketLog(socket)
        #expect(try await socket.emitWithAck("echo", "a", 1, ["b": true], timeout: .seconds(5)) == ["a", 1, ["b": true]])
        socket.on("question") { event in
            guard case .string(let question)? = event.arguments.first else { return }
            event.ack?("answer to \(question)")
        }
        try socket.emit("ask", "life")
        #expect(try await log.event("answer").arguments == ["answer to life"])
        socket.disconnect()
    }

    @Test(arguments: TransportChoice.allCases)
    func binaryRoundTripsBothWays(choice: TransportChoice) async throws {
        let server = try PythonServer.shared
        let socket = try await Self.connected(to: server, choice)
        let log = SocketLog(socket)
        let arguments: [SocketIOValue] = [.bytes([1, 2, 3]), ["nested": [.bytes([0, 255]), "text"]]]
        #expect(try await socket.emitWithAck("echo", arguments: arguments, timeout: .seconds(5)) == arguments)
        try socket.emit("emit-back", arguments: arguments)
        #expect(try await log.event("echo-back").arguments == arguments)
        socket.disconnect()
    }

    @Test func roomBroadcastReachesItsMembersOnly() async throws {
        let server = try PythonServer.shared
        let room = "room-\(UInt32.random(in: 0...UInt32.max))"
        let members = [try await Self.connected(to: server), try await Self.connected(to: server, .polling)]
        let outsider = try await Self.connected(to: server, .upgrade)
        let memberLogs = members.map(SocketLog.init)
        let outsiderLog = SocketLog(outsider)
        for member in members { #expect(try await member.emitWithAck("join", .string(room), timeout: .seconds(5)) == [true]) }
        #expect(try await outsider.emitWithAck("join", .string(room + "-other"), timeout: .seconds(5)) == [true])

        _ = try await members[0].emitWithAck("broadcast", ["room": .string(room), "event": "news", "args": ["for members"]],
                                             timeout: .seconds(5))
        for log in memberLogs { #expect(try await log.event("news").arguments == ["for members"]) }
        // Then a broadcast to the outsider's own room: it comes, and nothing came before it.
        _ = try await members[0].emitWithAck("broadcast", ["room": .string(room + "-other"), "event": "news", "args": ["for the other room"]],
                                             timeout: .seconds(5))
        #expect(try await outsiderLog.event("news").arguments == ["for the other room"])
        #expect(outsiderLog.entries.values.compactMap(\.event).map(\.name) == ["news"])
        for socket in members + [outsider] { socket.disconnect() }
    }

    /// (The fault suite does the same over every transport, checking what the server received.)
    @Test func reconnectsAfterTheServerIsRestarted() async throws {
        let server = try await PythonServer.start()
        let manager = try SocketManager(url: server.url, options: .testing(.websocket))
        let events = ManagerLog(manager)
        let socket = manager.socket()
        let log = SocketLog(socket)
        try await withTimeout("connecting") { try await socket.connect() }
        let first = try await log.connected()

        await server.kill()
        #expect(["transport close", "transport error"].contains(try await log.disconnected()))
        try await events.wait("reconnectError")
        let restarted = try await server.restart()
        let second = try await log.connected(2)
        #expect(second.id != first.id)
        try await events.wait("reconnect")
        #expect(try await socket.emitWithAck("echo", "back", timeout: .seconds(5)) == ["back"])
        socket.disconnect()
        await restarted.stop()
    }
}
