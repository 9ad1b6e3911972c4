import NIOCore
import SocketIO
import SocketIOClient
import SocketIOProtocol
import Testing

@Suite("Events and acknowledgements", .timeLimit(.minutes(1)))
struct EventsAndAcksTests {
    /// A server whose sockets report their events and answer `echo` through the ack and
    /// `emit-back` with an `echo-back` event.
    static func echoServer() async throws -> (TestServer, Inbox<SocketEvent>, Inbox<Socket>) {
        let received = Inbox<SocketEvent>()
        let sockets = Inbox<Socket>()
        let server = try await TestServer.start(handlers: { io in
            io.onConnection { socket in
                sockets.append(socket)
                socket.onAny { event in received.append(event) }
                socket.on("echo") { event in event.ack?.send(event.arguments) }
                socket.on("emit-back") { event in try? socket.emit("echo-back", arguments: event.arguments) }
            }
        })
        return (server, received, sockets)
    }

    static func connectedSocket(to server: TestServer, _ choice: TransportChoice = .websocket) async throws -> ClientSocket {
        let socket = try SocketManager(url: server.url, options: .testing(choice)).socket()
        try await socket.connect()
        return socket
    }

    @Test(arguments: TransportChoice.allCases)
    func emitReachesTheServerWithItsArguments(choice: TransportChoice) async throws {
        let (server, received, _) = try await Self.echoServer()
        let socket = try await Self.connectedSocket(to: server, choice)
        try socket.emit("note", 1, "two", ["three": [true, .null]])
        let event = try await received.first("the note")
        #expect(event.name == "note")
        #expect(event.arguments == [1, "two", ["three": [true, .null]]])
        #expect(event.ack == nil)
        socket.disconnect()
        await server.stop()
    }

    @Test(arguments: TransportChoice.allCases)
    func emitWithAckReturnsTheServersAnswer(choice: TransportChoice) async throws {
        let (server, _, _) = try await Self.echoServer()
        let socket = try await Self.connectedSocket(to: server, choice)
        #expect(try await socket.emitWithAck("echo", "a", 2, timeout: .seconds(5)) == ["a", 2])
        #expect(try await socket.emitWithAck("echo", arguments: [], timeout: .seconds(5)) == [])
        socket.disconnect()
        await server.stop()
    }

    @Test(arguments: TransportChoice.allCases)
    func clientHandlerAnswersTheServersAck(choice: TransportChoice) async throws {
        let (server, _, sockets) = try await Self.echoServer()
        let socket = try await Self.connectedSocket(to: server, choice)
        socket.on("question") { event in
            guard case .string(let question)? = event.arguments.first else { return }
            event.ack?("answer to \(question)", .bytes([7]))
        }
        let answer = try await sockets.first().timeout(.seconds(5)).emitWithAck("question", "life")
        #expect(answer == ["answer to life", .bytes([7])])
        socket.disconnect()
        await server.stop()
    }

    @Test(arguments: TransportChoice.allCases)
    func emitWithAckThrowsAtItsTimeout(choice: TransportChoice) async throws {
        let (server, received, _) = try await Self.echoServer()
        let socket = try await Self.connectedSocket(to: server, choice)
        let started = ContinuousClock.now
        await #expect(throws: SocketIOClientError.ackTimeout) {
            try await socket.emitWithAck("unanswered", timeout: .milliseconds(100))
        }
        #expect(ContinuousClock.now - started >= .milliseconds(100))
        #expect(try await received.first().name == "unanswered")
        socket.disconnect()
        await server.stop()
    }

    @Test func ackTimeoutOptionIsTheDefaultTimeout() async throws {
        let (server, _, _) = try await Self.echoServer()
        var options = SocketIOClientOptions.testing()
        options.ackTimeout = .milliseconds(50)
        let socket = try SocketManager(url: server.url, options: options).socket()
        try await socket.connect()
        await #expect(throws: SocketIOClientError.ackTimeout) { try await socket.emitWithAck("unanswered") }
        socket.disconnect()
        await server.stop()
    }

    @Test func pendingAckFailsWhenTheSocketDisconnects() async throws {
        let (server, received, _) = try await Self.echoServer()
        let socket = try await Self.connectedSocket(to: server)
        let pending = Task { try await socket.emitWithAck("unanswered") }
        try await received.first("the event")
        socket.disconnect()
        await #expect(throws: SocketIOClientError.disconnected) { try await pending.value }
        await server.stop()
    }

    @Test(arguments: TransportChoice.allCases)
    func binaryTravelsAnywhereInTheArgumentsBothWays(choice: TransportChoice) async throws {
        let (server, received, _) = try await Self.echoServer()
        let socket = try await Self.connectedSocket(to: server, choice)
        let log = SocketLog(socket)
        let arguments: [SocketIOValue] = [
            .bytes([1, 2, 3]),
            ["nested": ["deep": .bytes([0, 255])], "list": [1, .bytes([]), "x"]],
            "text",
        ]
        #expect(try await socket.emitWithAck("echo", arguments: arguments, timeout: .seconds(5)) == arguments)
        try socket.emit("emit-back", arguments: arguments)
        #expect(try await log.event("echo-back").arguments == arguments)
        #expect(try await received.first { $0.name == "emit-back" }.arguments == arguments)
        socket.disconnect()
        await server.stop()
    }

    @Test func onAnySeesEveryEventBeforeItsOwnListeners() async throws {
        let (server, _, sockets) = try await Self.echoServer()
        let socket = try await Self.connectedSocket(to: server)
        let order = Inbox<String>()
        socket.onAny { order.append("any \($0.name)") }
        socket.on("b") { order.append("on \($0.name)") }
        let serverSocket = try await sockets.first()
        try serverSocket.emit("a", 1)
        try serverSocket.emit("b", 2)
        try await order.wait(for: 3, "listener calls")
        #expect(order.values == ["any a", "any b", "on b"])
        socket.disconnect()
        await server.stop()
    }

    @Test func onAnyOutgoingSeesEveryEmit() async throws {
        let (server, received, _) = try await Self.echoServer()
        let socket = try await Self.connectedSocket(to: server)
        let outgoing = Inbox<String>()
        socket.onAnyOutgoing { event, arguments in outgoing.append("\(event) \(SocketIOValue.array(arguments).jsonString)") }
        try socket.emit("first", 1)
        _ = try await socket.emitWithAck("echo", "second", timeout: .seconds(5))
        try await received.wait(for: 2, "events")
        #expect(outgoing.values == [#"first [1]"#, #"echo ["second"]"#])
        socket.disconnect()
        await server.stop()
    }

    @Test func offAndOnceRemoveListeners() async throws {
        let (server, _, sockets) = try await Self.echoServer()
        let socket = try await Self.connectedSocket(to: server)
        let calls = Inbox<String>()
        socket.once("tick") { calls.append("once \(SocketIOValue.array($0.arguments).jsonString)") }
        let token = socket.on("tick") { calls.append("on \(SocketIOValue.array($0.arguments).jsonString)") }
        socket.on("done") { _ in calls.append("done") }
        let serverSocket = try await sockets.first()
        try serverSocket.emit("tick", 1)
        try await calls.wait(for: 2, "calls")
        socket.off("tick", token)
        try serverSocket.emit("tick", 2)
        try serverSocket.emit("done")
        try await calls.first("done") { $0 == "done" }
        #expect(calls.values == ["once [1]", "on [1]", "done"])
        socket.disconnect()
        await server.stop()
    }

    @Test func reservedEventNamesCannotBeEmitted() throws {
        let socket = try SocketManager(url: "http://127.0.0.1:1").socket()
        for name in ["connect", "connect_error", "disconnect", "disconnecting", "newListener", "removeListener"] {
            #expect(throws: SocketIOClientError.reservedEventName(name)) { try socket.emit(name) }
        }
    }

    struct Move: Codable, Equatable, Sendable {
        var piece: String
        var to: [Int]
        var promotion: String?
    }

    @Test(arguments: TransportChoice.allCases)
    func codableArgumentsRoundTrip(choice: TransportChoice) async throws {
        let moves = Inbox<Move>()
        let server = try await TestServer.start(handlers: { io in
            io.onConnection { socket in
                socket.on("move") { event in
                    guard let move = try? event.argument(as: Move.self) else { return }
                    moves.append(move)
                    try? socket.emit("moved", encoding: move)
                }
            }
        })
        let socket = try await Self.connectedSocket(to: server, choice)
        let log = SocketLog(socket)
        let move = Move(piece: "pawn", to: [4, 8], promotion: "queen")
        try socket.emit("move", encoding: move)
        #expect(try await moves.first() == move)
        #expect(try await log.event("moved").argument(as: Move.self) == move)
        socket.disconnect()
        await server.stop()
    }

    @Test func eventsSequenceDeliversConnectEventsAndDisconnectInOrder() async throws {
        let (server, _, sockets) = try await Self.echoServer()
        let socket = try SocketManager(url: server.url, options: .testing()).socket()
        let stream = socket.events()
        try await socket.connect()
        let serverSocket = try await sockets.first()
        try serverSocket.emit("hello", "world")
        serverSocket.disconnect()
        let seen = try await withTimeout("the socket's events") {
            var seen: [String] = []
            for await event in stream {
                switch event {
                case .connect(let id, let recovered): seen.append("connect \(id.count) \(recovered)")
                case .event(let event): seen.append("event \(event.name) \(SocketIOValue.array(event.arguments).jsonString)")
                case .disconnect(let reason): seen.append("disconnect \(reason)")
                case .connectError(let error): seen.append("connect_error \(error)")
                }
                if seen.count == 3 { break }
            }
            return seen
        }
        #expect(seen == ["connect 20 false", #"event hello ["world"]"#, "disconnect io server disconnect"])
        await server.stop()
    }

    @Test func eventsSequenceEndsWhenTheSocketIsReleased() async throws {
        var socket: ClientSocket? = try SocketManager(url: "http://127.0.0.1:1").socket("/released")
        let stream = socket!.events()
        socket = nil
        let count = try await withTimeout("the sequence to end") { await stream.reduce(0) { count, _ in count + 1 } }
        #expect(count == 0)
    }

    @Test func emitsFromManyTasksAllArrive() async throws {
        let (server, received, _) = try await Self.echoServer()
        let socket = try await Self.connectedSocket(to: server, .polling)
        await withTaskGroup(of: Void.self) { group in
            for task in 0..<8 {
                group.addTask {
                    for index in 0..<25 { try? socket.emit("count", .number(Double(task * 100 + index))) }
                }
            }
        }
        try await received.wait(for: 200, "events")
        let values = Set(received.values.compactMap { event -> Double? in
            if case .number(let value)? = event.arguments.first { value } else { nil }
        })
        #expect(values.count == 200)
        socket.disconnect()
        await server.stop()
    }
}
