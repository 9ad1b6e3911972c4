import NIOCore
import SocketIO
import SocketIOProtocol
import SocketIOTestSupport
import Testing

@Suite("Rooms and broadcasting")
struct RoomsAndBroadcastTests {
    /// Three connected clients; `joins` says which rooms each joins.
    private func clients(_ server: SocketIOServer, joins: [[Room]]) async throws -> [(TestConnection, String)] {
        let joined = Reports<String>()
        server.onConnection { socket in
            socket.on("join") { event in
                for case .string(let room) in event.arguments { socket.join(room) }
                joined.append(socket.id)
            }
        }
        var result: [(TestConnection, String)] = []
        for rooms in joins {
            let client = try await TestConnection(server)
            let id = try await client.connect()
            client.send("2" + SocketIOValue.array([.string("join")] + rooms.map(SocketIOValue.string)).jsonString)
            result.append((client, id))
        }
        _ = try await joined.wait(for: joins.count)
        return result
    }

    @Test func everySocketIsInItsOwnRoom() async throws {
        let server = makeServer()
        let all = try await clients(server, joins: [["a"]])
        #expect(server.sockets.sockets[all[0].1]?.rooms == [all[0].1, "a"])
    }

    @Test func broadcastToRoomsReachesEachMemberOnceAndExceptExcludes() async throws {
        let server = makeServer()
        let all = try await clients(server, joins: [["a", "b"], ["b"], ["c"]])
        try server.to("a", "b").emit("hi")
        #expect(try await all[0].0.nextText() == #"42["hi"]"#)
        #expect(try await all[1].0.nextText() == #"42["hi"]"#)
        try server.to("a", "b").except("a").emit("second")
        try server.emit("third")
        #expect(try await all[0].0.nextText() == #"42["third"]"#)
        #expect(try await all[1].0.nextText() == #"42["second"]"#)
        #expect(try await all[2].0.nextText() == #"42["third"]"#)
    }

    @Test func socketBroadcastExcludesTheSender() async throws {
        let server = makeServer()
        let all = try await clients(server, joins: [["r"], ["r"], []])
        try server.sockets.sockets[all[0].1]!.to("r").emit("from-0")
        try server.sockets.sockets[all[0].1]!.broadcast.emit("everyone-else")
        #expect(try await all[1].0.nextText() == #"42["from-0"]"#)
        #expect(try await all[1].0.nextText() == #"42["everyone-else"]"#)
        #expect(try await all[2].0.nextText() == #"42["everyone-else"]"#)
        try server.sockets.sockets[all[0].1]!.emit("only-0")
        #expect(try await all[0].0.nextText() == #"42["only-0"]"#)
    }

    @Test func socketsJoinLeaveAndFetch() async throws {
        let server = makeServer()
        let all = try await clients(server, joins: [["a"], ["a"], []])
        server.to("a").socketsJoin("b")
        #expect(Set(try await server.to("b").fetchSockets().map(\.id)) == [all[0].1, all[1].1])
        server.socketsLeave("a")
        #expect(try await server.to("a").fetchSockets().isEmpty)
        #expect(try await server.fetchSockets().count == 3)
    }

    @Test func disconnectSocketsDisconnectsExactlyTheMatchingOnes() async throws {
        let server = makeServer()
        let reasons = Reports<String>()
        let all = try await clients(server, joins: [["gone"], [], []])
        for (_, id) in all { server.sockets.sockets[id]!.onDisconnect { reasons.append("\(id):\($0)") } }
        server.in("gone").disconnectSockets()
        #expect(try await all[0].0.nextText() == "41")
        #expect(try await reasons.wait(for: 1) == ["\(all[0].1):server namespace disconnect"])
        #expect(server.sockets.sockets.count == 2)
    }

    @Test func broadcastAcksCollectTheFirstArgumentOfEachAnswer() async throws {
        let server = makeServer()
        let all = try await clients(server, joins: [["r"], ["r"], []])
        async let responses = server.to("r").timeout(.seconds(5)).emitWithAck("ask")
        for (client, _) in all.prefix(2) {
            let asked = try await client.nextText()
            let ackID = asked.dropFirst(2).prefix { $0.isNumber }
            client.send("3\(ackID)[\"answer\",\"ignored\"]")
        }
        #expect(try await responses == [.string("answer"), .string("answer")])
    }

    @Test func broadcastAckTimeoutKeepsThePartialResponses() async throws {
        let server = makeServer()
        let all = try await clients(server, joins: [["r"], ["r"], []])
        async let outcome: Result<[SocketIOValue], SocketIOError> = {
            do throws(SocketIOError) {
                return .success(try await server.to("r").timeout(.milliseconds(300)).emitWithAck("ask"))
            } catch {
                return .failure(error)
            }
        }()
        let asked = try await all[0].0.nextText()
        all[0].0.send("3\(asked.dropFirst(2).prefix { $0.isNumber })[1]")
        #expect(await outcome == .failure(.ackTimeout(responses: [.number(1)])))
    }

    @Test func broadcastAckWithNoRecipientsAnswersAtOnce() async throws {
        let server = makeServer()
        #expect(try await server.to("nobody").emitWithAck("ask") == [])
    }

    @Test func roomEventsAreReported() async throws {
        let server = makeServer()
        let events = Reports<RoomEvent>()
        server.sockets.adapter.observeRooms { events.append($0) }
        let all = try await clients(server, joins: [["x"]])
        let id = all[0].1
        #expect(try await events.wait(for: 4) == [.createRoom(id), .joinRoom(id, id), .createRoom("x"), .joinRoom("x", id)])
        server.sockets.sockets[id]!.leave("x")
        #expect(try await events.wait(for: 6).suffix(2) == [.leaveRoom("x", id), .deleteRoom("x")])
    }
}
