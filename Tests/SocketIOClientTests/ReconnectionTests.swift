import NIOCore
import SocketIO
import SocketIOClient
import SocketIOProtocol
import Synchronization
import Testing

@Suite("Reconnection", .timeLimit(.minutes(1)))
struct ReconnectionTests {
    @Test func optionsDefaultToTheOfficialClient() {
        let options = SocketIOClientOptions()
        #expect(options.reconnection)
        #expect(options.reconnectionAttempts == .max)
        #expect(options.reconnectionDelay == .seconds(1))
        #expect(options.reconnectionDelayMax == .seconds(5))
        #expect(options.randomizationFactor == 0.5)
        #expect(options.timeout == .seconds(20))
        #expect(options.transports == [.polling, .websocket])
        #expect(options.path == "/socket.io/")
    }

    @Test(arguments: TransportChoice.allCases)
    func reportsEveryAttemptUntilTheServerIsBack(choice: TransportChoice) async throws {
        let server = try await TestServer.start()
        let manager = try SocketManager(url: server.url, options: .testing(choice))
        let events = ManagerLog(manager)
        let socket = manager.socket()
        let log = SocketLog(socket)
        try await socket.connect()
        let first = try await log.connected()

        await server.stopListening()
        // The server says goodbye (`1`, a close frame), or its sessions are gone (a `400` to a poll).
        #expect(["transport close", "transport error"].contains(try await log.disconnected()))
        try await events.wait(for: 2, "reconnectError")
        try await server.startListening()
        try await events.wait("reconnect")
        let second = try await log.connected(2)
        #expect(second.id != first.id)

        let names = events.names.filter { !$0.hasPrefix("upgrade") }
        let attempts = names.filter { $0.hasPrefix("reconnectAttempt") }.count
        #expect(attempts >= 3)
        var expected = ["open", "close"]
        for attempt in 1..<attempts { expected += ["reconnectAttempt \(attempt)", "reconnectError"] }
        expected += ["reconnectAttempt \(attempts)", "open", "reconnect \(attempts)"]
        #expect(names == expected)
        socket.disconnect()
        await server.stop()
    }

    @Test func delaysDoubleUpToReconnectionDelayMax() async throws {
        var options = SocketIOClientOptions.testing()
        options.reconnectionDelay = .milliseconds(40)
        options.reconnectionDelayMax = .milliseconds(120)
        options.reconnectionAttempts = 4
        let manager = try SocketManager(url: "http://127.0.0.1:\(try await unusedPort())", options: options)
        let timeline = Inbox<(name: String, at: ContinuousClock.Instant)>()
        manager.on { timeline.append(($0.name, .now)) }
        let socket = manager.socket()
        await #expect(throws: SocketIOClientError.self) { try await socket.connect() }

        let entries = timeline.values
        #expect(entries.map(\.name) == ["error", "reconnectAttempt 1", "reconnectError", "reconnectAttempt 2", "reconnectError",
                                        "reconnectAttempt 3", "reconnectError", "reconnectAttempt 4", "reconnectError", "reconnectFailed"])
        let waits = zip(entries, entries.dropFirst())
            .filter { $1.name.hasPrefix("reconnectAttempt") }
            .map { $1.at - $0.at }
        for (wait, expected) in zip(waits, [40, 80, 120, 120]) {
            #expect(wait >= .milliseconds(expected))
            #expect(wait < .milliseconds(expected + 1000))  // timers fire late on a loaded machine, never early
        }
    }

    @Test func givesUpAfterReconnectionAttemptsAndConnectThrows() async throws {
        var options = SocketIOClientOptions.testing(.polling)
        options.reconnectionAttempts = 2
        let manager = try SocketManager(url: "http://127.0.0.1:\(try await unusedPort())", options: options)
        let events = ManagerLog(manager)
        let socket = manager.socket()
        let log = SocketLog(socket)
        await #expect {
            try await socket.connect()
        } throws: { error in
            if case .connectionFailed? = error as? SocketIOClientError { true } else { false }
        }
        #expect(events.names == ["error", "reconnectAttempt 1", "reconnectError", "reconnectAttempt 2", "reconnectError", "reconnectFailed"])
        // The socket reports `connect_error` for every failed opening.
        try await log.entries.wait(for: 3, "connect errors") { $0.connectError != nil }
        #expect(!socket.connected)
    }

    @Test func withoutReconnectionAFailedOpeningEndsConnect() async throws {
        var options = SocketIOClientOptions.testing()
        options.reconnection = false
        let manager = try SocketManager(url: "http://127.0.0.1:\(try await unusedPort())", options: options)
        let events = ManagerLog(manager)
        await #expect(throws: SocketIOClientError.self) { try await manager.socket().connect() }
        #expect(events.names == ["error"])
    }

    @Test func connectAgainAfterGivingUpOpensANewConnection() async throws {
        let server = try await TestServer.start()
        let port = server.port
        await server.stopListening()
        var options = SocketIOClientOptions.testing()
        options.reconnectionAttempts = 1
        let manager = try SocketManager(url: "http://127.0.0.1:\(port)", options: options)
        let socket = manager.socket()
        await #expect(throws: SocketIOClientError.self) { try await socket.connect() }
        try await server.startListening()
        try await withTimeout("a second connect") { try await socket.connect() }
        #expect(socket.connected)
        socket.disconnect()
        await server.stop()
    }

    @Test func cancellingConnectEndsTheWait() async throws {
        let manager = try SocketManager(url: "http://127.0.0.1:\(try await unusedPort())", options: .testing())
        let socket = manager.socket()
        let attempt = Task { try await socket.connect() }
        let events = ManagerLog(manager)
        try await events.wait("reconnectError")
        attempt.cancel()
        await #expect(throws: CancellationError.self) { try await attempt.value }
        manager.disconnect()
    }

    @Test(arguments: TransportChoice.allCases)
    func emitsWhileDisconnectedAreSentOnReconnectExceptVolatileOnes(choice: TransportChoice) async throws {
        let notes = Inbox<String>()
        let sockets = Inbox<Socket>()
        let server = try await TestServer.start(handlers: { io in
            io.onConnection { socket in
                sockets.append(socket)
                socket.on("note") { event in
                    if case .string(let text)? = event.arguments.first { notes.append(text) }
                    event.ack?("noted")
                }
            }
        })
        let manager = try SocketManager(url: server.url, options: .testing(choice))
        let socket = manager.socket()
        let log = SocketLog(socket)
        try await socket.connect()
        try socket.emit("note", "before")
        try await notes.first("the first note")

        try await sockets.first().engine.close()
        try await log.disconnected()
        try socket.emit("note", "buffered")
        try socket.emit("note", arguments: ["volatile"], volatile: true)
        let acked = Task { try await socket.emitWithAck("note", "buffered with ack", timeout: .seconds(5)) }
        try await log.connected(2)
        #expect(try await acked.value == ["noted"])
        try socket.emit("note", "after")
        // Per-connection order: had "volatile" been sent it would come before "after".
        try await notes.wait(for: 4, "notes")
        #expect(notes.values == ["before", "buffered", "buffered with ack", "after"])
        socket.disconnect()
        await server.stop()
    }

    @Test func anEmitWhoseAckTimedOutWhileBufferedIsNeverSent() async throws {
        let notes = Inbox<String>()
        let server = try await TestServer.start(handlers: { io in
            io.onConnection { socket in
                socket.on("note") { event in
                    if case .string(let text)? = event.arguments.first { notes.append(text) }
                    event.ack?()
                }
            }
        })
        let manager = try SocketManager(url: server.url, options: .testing())
        let socket = manager.socket()
        await #expect(throws: SocketIOClientError.ackTimeout) {
            try await socket.emitWithAck("note", "too late", timeout: .milliseconds(50))
        }
        try await socket.connect()
        _ = try await socket.emitWithAck("note", "in time", timeout: .seconds(5))
        #expect(notes.values == ["in time"])
        socket.disconnect()
        await server.stop()
    }

    @Test func bufferedEmitsLargerTogetherThanMaxPayloadAreSentInSeveralPosts() async throws {
        let sizes = Inbox<Int>()
        let server = try await TestServer.start(configure: { $0.engine.maxHttpBufferSize = 100_000 }, handlers: { io in
            io.onConnection { socket in
                socket.on("chunk") { event in
                    if case .string(let text)? = event.arguments.first { sizes.append(text.utf8.count) }
                }
            }
        })
        let manager = try SocketManager(url: server.url, options: .testing(.polling))
        let socket = manager.socket()
        // Ten 30 kB emits before connecting: 300 kB together, three times the server's limit.
        for _ in 0..<10 { try socket.emit("chunk", .string(String(repeating: "x", count: 30_000))) }
        try await socket.connect()
        #expect(try await sizes.wait(for: 10, "chunks") == Array(repeating: 30_000, count: 10))
        socket.disconnect()
        await server.stop()
    }
}
