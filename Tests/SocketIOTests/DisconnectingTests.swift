import NIOCore
import SocketIO
import SocketIOProtocol
import SocketIOTestSupport
import Testing

@Suite("Disconnecting")
struct DisconnectingTests {
    private func connectedPair(_ server: SocketIOServer) async throws -> (TestConnection, Reports<String>) {
        let reports = Reports<String>()
        server.onConnection { socket in
            socket.join("room")
            socket.onDisconnecting { reports.append("disconnecting:\($0):\(socket.rooms.sorted())") }
            socket.onDisconnect { reports.append("disconnect:\($0):\(socket.rooms.count)") }
        }
        server.of("/other").onConnection { socket in
            socket.onDisconnect { reports.append("other:\($0)") }
        }
        let client = try await TestConnection(server)
        try await client.connect()
        return (client, reports)
    }

    @Test func clientNamespaceDisconnectSeesRoomsWhileDisconnecting() async throws {
        let server = makeServer()
        let (client, reports) = try await connectedPair(server)
        let id = server.sockets.sockets.keys.first!
        client.send("1")
        #expect(try await reports.wait(for: 2) == [
            "disconnecting:client namespace disconnect:\([id, "room"].sorted())",
            "disconnect:client namespace disconnect:0",
        ])
    }

    @Test func serverDisconnectSendsDisconnectPacket() async throws {
        let server = makeServer()
        let (client, reports) = try await connectedPair(server)
        server.sockets.sockets.values.first!.disconnect()
        #expect(try await client.nextText() == "41")
        #expect(try await reports.wait(for: 2).last == "disconnect:server namespace disconnect:0")
    }

    @Test func disconnectWithCloseEndsEveryNamespaceAndTheConnection() async throws {
        let server = makeServer()
        let (client, reports) = try await connectedPair(server)
        try await client.connect("/other")
        server.sockets.sockets.values.first!.disconnect(close: true)
        let values = try await reports.wait(for: 3)
        #expect(values.contains("other:server namespace disconnect"))
        #expect(values.contains("disconnect:server namespace disconnect:0"))
        var texts: [String] = []
        while let text = try? await client.nextText(timeout: .seconds(2)) { texts.append(text) }
        #expect(Set(texts) == ["41", "41/other,"])
        #expect(client.isClosed)
    }

    @Test func transportCloseIsTheReasonWhenTheClientGoes() async throws {
        let server = makeServer()
        let (client, reports) = try await connectedPair(server)
        client.disconnectTransport()
        #expect(try await reports.wait(for: 2).last == "disconnect:transport close:0")
    }

    @Test func undecodablePacketClosesThatConnectionOnlyWithForcedClose() async throws {
        let server = makeServer()
        let (bad, reports) = try await connectedPair(server)
        let good = try await TestConnection(server)
        try await good.connect()
        _ = try await reports.wait(for: 0)
        bad.send(#"2abc["x"]"#)
        #expect(try await reports.wait(for: 2).last == "disconnect:forced close:0")
        await #expect(throws: ClosedByServer.self) { try await bad.nextText() }
        try server.emit("still-here")
        #expect(try await good.nextText() == #"42["still-here"]"#)
    }

    @Test func packetForANamespaceNotJoinedIsAStateViolation() async throws {
        let server = makeServer()
        let (client, reports) = try await connectedPair(server)
        client.send(#"2/other,["x"]"#)
        #expect(try await reports.wait(for: 2).last == "disconnect:forced server close:0")
    }

    @Test func serverCloseDisconnectsEverySocketWithoutPackets() async throws {
        let server = makeServer()
        let (client, reports) = try await connectedPair(server)
        await server.close()
        #expect(try await reports.wait(for: 2).last == "disconnect:server shutting down:0")
        await #expect(throws: ClosedByServer.self) { try await client.nextText() }
    }

    @Test func joinAfterDisconnectIsIgnored() async throws {
        let server = makeServer()
        let (client, reports) = try await connectedPair(server)
        let socket = server.sockets.sockets.values.first!
        client.send("1")
        _ = try await reports.wait(for: 2)
        socket.join("late")
        #expect(socket.rooms.isEmpty)
        #expect(server.sockets.adapter.roomMembers().isEmpty)
    }

    @Test func disconnectingAgainFromADisconnectListenerIsHarmless() async throws {
        let server = makeServer()
        let reports = Reports<String>()
        server.onConnection { socket in
            socket.onDisconnecting { _ in
                reports.append("disconnecting")
                socket.disconnect()
            }
            socket.onDisconnect { reason in reports.append("disconnect:\(reason)") }
        }
        let client = try await TestConnection(server)
        try await client.connect()
        server.sockets.sockets.values.first!.disconnect()
        #expect(try await reports.wait(for: 2) == ["disconnecting", "disconnect:server namespace disconnect"])
        #expect(try await client.nextText() == "41")
        await #expect(throws: TestTimeout.self) { try await client.nextText(timeout: .milliseconds(200)) }
        #expect(reports.values.count == 2)
    }
}
