import NIOCore
import SocketIO
import SocketIOProtocol
import SocketIOTestSupport
import Testing

@Suite("Events and acknowledgements")
struct EventsAndAcksTests {
    private func serverEchoing() -> SocketIOServer {
        let server = makeServer()
        server.onConnection { socket in
            socket.on("message") { event in try? socket.emit("message-back", arguments: event.arguments) }
            socket.on("message-with-ack") { event in event.ack?.send(event.arguments) }
        }
        return server
    }

    @Test func eventArgumentsKeepTheirJSONExactly() async throws {
        let client = try await TestConnection(serverEchoing())
        try await client.connect()
        client.send(#"2["message",1,"2",{"3":[true]},null,1.5,"é/"]"#)
        #expect(try await client.nextText() == #"42["message-back",1,"2",{"3":[true]},null,1.5,"é/"]"#)
    }

    @Test func clientAckIsAnsweredWithTheSameId() async throws {
        let client = try await TestConnection(serverEchoing())
        try await client.connect()
        client.send(#"2456["message-with-ack",1,"2",{"3":[false]}]"#)
        #expect(try await client.nextText() == #"43456[1,"2",{"3":[false]}]"#)
    }

    @Test func binaryEventIsReassembledAndEchoedAsBinary() async throws {
        let client = try await TestConnection(serverEchoing())
        try await client.connect()
        client.send(#"52-["message",{"_placeholder":true,"num":0},{"_placeholder":true,"num":1}]"#)
        client.send(binary: [1, 2, 3])
        client.send(binary: [4, 5, 6])
        #expect(try await client.nextText() == #"452-["message-back",{"_placeholder":true,"num":0},{"_placeholder":true,"num":1}]"#)
        #expect(Array(try await client.nextFrame().bytes.readableBytesView) == [1, 2, 3])
        #expect(Array(try await client.nextFrame().bytes.readableBytesView) == [4, 5, 6])
    }

    @Test func binaryAckGoesBackAsBinaryAck() async throws {
        let client = try await TestConnection(serverEchoing())
        try await client.connect()
        client.send(#"52-789["message-with-ack",{"_placeholder":true,"num":0},{"_placeholder":true,"num":1}]"#)
        client.send(binary: [1, 2, 3])
        client.send(binary: [4, 5, 6])
        #expect(try await client.nextText() == #"462-789[{"_placeholder":true,"num":0},{"_placeholder":true,"num":1}]"#)
        #expect(Array(try await client.nextFrame().bytes.readableBytesView) == [1, 2, 3])
        #expect(Array(try await client.nextFrame().bytes.readableBytesView) == [4, 5, 6])
    }

    @Test func ackAnswersOnlyOnce() async throws {
        let server = makeServer()
        server.onConnection { socket in
            socket.on("twice") { event in
                event.ack?(.number(1))
                event.ack?(.number(2))
                try? socket.emit("done")
            }
        }
        let client = try await TestConnection(server)
        try await client.connect()
        client.send(#"27["twice"]"#)
        #expect(try await client.nextText() == "437[1]")
        #expect(try await client.nextText() == #"42["done"]"#)
    }

    @Test func serverEmitWithAckGetsTheClientsAnswer() async throws {
        let server = makeServer()
        let answers = Reports<[SocketIOValue]>()
        server.onConnection { socket in
            Task { answers.append((try? await socket.emitWithAck("question", .string("x"))) ?? []) }
        }
        let client = try await TestConnection(server)
        try await client.connect()
        #expect(try await client.nextText() == #"420["question","x"]"#)
        client.send(#"30["answer",{"n":1}]"#)
        #expect(try await answers.wait(for: 1) == [[.string("answer"), .object(["n": .number(1)])]])
    }

    @Test func serverAckTimesOutWithAnError() async throws {
        let server = makeServer()
        let results = Reports<String>()
        server.onConnection { socket in
            Task {
                do throws(SocketIOError) {
                    _ = try await socket.timeout(.milliseconds(50)).emitWithAck("question")
                    results.append("answered")
                } catch {
                    results.append("\(error)")
                }
            }
        }
        let client = try await TestConnection(server)
        try await client.connect()
        _ = try await client.nextText()
        #expect(try await results.wait(for: 1) == ["operation has timed out"])
        client.send("30[]")
    }

    @Test func reservedEventNamesCannotBeEmitted() async throws {
        let server = makeServer()
        let errors = Reports<SocketIOError>()
        server.onConnection { socket in
            for name in ["connect", "connect_error", "disconnect", "disconnecting", "newListener", "removeListener"] {
                do throws(SocketIOError) { try socket.emit(name) } catch { errors.append(error) }
            }
        }
        let client = try await TestConnection(server)
        try await client.connect()
        #expect(try await errors.wait(for: 6).count == 6)
        #expect(errors.values.first == .reservedEventName("connect"))
    }

    @Test func catchAllListenersSeeEventsFirstAndOutgoingListenersSeeEmits() async throws {
        let server = makeServer()
        let seen = Reports<String>()
        server.onConnection { socket in
            socket.onAny { seen.append("any:\($0.name)") }
            socket.prependAny { seen.append("first:\($0.name)") }
            socket.onAnyOutgoing { name, _ in seen.append("out:\(name)") }
            socket.on("ping-me") { _ in
                seen.append("on:ping-me")
                try? socket.emit("pong-you")
            }
            socket.once("one") { _ in seen.append("once") }
        }
        let client = try await TestConnection(server)
        try await client.connect()
        client.send(#"2["ping-me"]"#)
        client.send(#"2["one"]"#)
        client.send(#"2["one"]"#)
        #expect(try await seen.wait(for: 9) == [
            "first:ping-me", "any:ping-me", "on:ping-me", "out:pong-you",
            "first:one", "any:one", "once", "first:one", "any:one",
        ])
    }

    @Test func socketMiddlewareCanDropAnEventAndReportsItsError() async throws {
        struct Refused: Error {}
        let server = makeServer()
        let seen = Reports<String>()
        server.onConnection { socket in
            socket.use { event in if event.name == "forbidden" { throw Refused() } }
            socket.onError { seen.append("error:\(type(of: $0))") }
            socket.on("allowed") { _ in seen.append("allowed") }
            socket.on("forbidden") { _ in seen.append("forbidden") }
        }
        let client = try await TestConnection(server)
        try await client.connect()
        client.send(#"2["forbidden"]"#)
        client.send(#"2["allowed"]"#)
        #expect(try await seen.wait(for: 2) == ["error:Refused", "allowed"])
    }

    @Test func codableArgumentsRoundTrip() async throws {
        struct Chat: Codable, Equatable {
            let room: String
            let text: String
        }
        let server = makeServer()
        server.onConnection { socket in
            socket.on("chat") { event in
                guard let chat = try? event.argument(as: Chat.self) else { return }
                try? socket.emit("chat", encoding: Chat(room: chat.room, text: chat.text.uppercased()))
            }
        }
        let client = try await TestConnection(server)
        try await client.connect()
        client.send(#"2["chat",{"room":"r","text":"hi"}]"#)
        #expect(try await client.nextText() == #"42["chat",{"room":"r","text":"HI"}]"#)
    }
}
