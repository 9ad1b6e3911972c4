import SocketIO
import SocketIOProtocol
import Testing

@Suite("The README's first server")
struct ReadmeExampleTests {
    /// The README's example, verbatim but for the HTTP host.
    private func readmeServer() -> SocketIOServer {
        let io = makeServer()
        io.use { socket in
            guard case .string(_)? = socket.handshake.auth["token"] else {
                throw SocketIOMiddlewareError("not authorized", data: ["reason": "no token"])
            }
        }
        io.onConnection { socket in
            socket.join("lobby")
            socket.on("chat") { event in
                try? socket.to("lobby").emit("chat", arguments: event.arguments)
                event.ack?("delivered")
            }
            socket.onDisconnect { reason in print(socket.id, "left:", reason) }
        }
        return io
    }

    @Test func refusesWithoutTokenAndRelaysChatToTheLobby() async throws {
        let io = readmeServer()
        let anonymous = try await TestConnection(io)
        anonymous.send("0")
        #expect(try await anonymous.nextText() == #"44{"message":"not authorized","data":{"reason":"no token"}}"#)
        let alice = try await TestConnection(io)
        try await alice.connect(auth: #"{"token":"a"}"#)
        let bob = try await TestConnection(io)
        try await bob.connect(auth: #"{"token":"b"}"#)
        alice.send(#"21["chat","hi"]"#)
        #expect(try await alice.nextText() == #"431["delivered"]"#)
        #expect(try await bob.nextText() == #"42["chat","hi"]"#)
    }
}
