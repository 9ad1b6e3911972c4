import NIOCore
import SocketIO
import SocketIOCluster
import SocketIOProtocol
import Testing

/// The inline notifications of adapter-protocol.md §4.3, and §3.3's socket description.
let inlineVectors = [
    #"{"type":1,"uid":"b1b2b3b4b5b6b7b8","nsp":"/"}"#,
    #"{"type":2,"uid":"a1a2a3a4a5a6a7a8","nsp":"/"}"#,
    #"{"type":3,"data":{"packet":{"type":2,"data":["hello","world"]},"opts":{"rooms":["room1"],"except":[],"flags":{}}},"uid":"a1a2a3a4a5a6a7a8","nsp":"/"}"#,
    #"{"type":3,"data":{"packet":{"type":2,"data":["ping"]},"requestId":"0f1e2d3c4b5a6978","opts":{"rooms":[],"except":[],"flags":{"timeout":1000}}},"uid":"a1a2a3a4a5a6a7a8","nsp":"/"}"#,
    #"{"type":11,"data":{"requestId":"0f1e2d3c4b5a6978","clientCount":2},"uid":"b1b2b3b4b5b6b7b8","nsp":"/"}"#,
    #"{"type":12,"data":{"requestId":"0f1e2d3c4b5a6978","packet":"pong"},"uid":"b1b2b3b4b5b6b7b8","nsp":"/"}"#,
    #"{"type":4,"data":{"opts":{"rooms":["room1"],"except":[],"flags":{}},"rooms":["room2"]},"uid":"a1a2a3a4a5a6a7a8","nsp":"/"}"#,
    #"{"type":5,"data":{"opts":{"rooms":[],"except":[],"flags":{}},"rooms":["room2"]},"uid":"a1a2a3a4a5a6a7a8","nsp":"/"}"#,
    #"{"type":6,"data":{"opts":{"rooms":["room1"],"except":[],"flags":{}},"close":false},"uid":"a1a2a3a4a5a6a7a8","nsp":"/"}"#,
    #"{"type":7,"data":{"opts":{"rooms":["room1"],"except":[],"flags":{}},"requestId":"99aa88bb77cc66dd"},"uid":"a1a2a3a4a5a6a7a8","nsp":"/"}"#,
    #"{"type":8,"data":{"requestId":"99aa88bb77cc66dd","sockets":[{"id":"sJdC9hJ8Q5l2C3iIAAAB","handshake":{"headers":{"host":"localhost:3000","accept":"*/*"},"time":"Wed Jun 25 2026 16:35:20 GMT+0200 (Central European Summer Time)","address":"::ffff:127.0.0.1","xdomain":false,"secure":false,"issued":1750862120000,"url":"/socket.io/?EIO=4&transport=polling&t=PZ3kQ1a","query":{"EIO":"4","transport":"polling","t":"PZ3kQ1a"},"auth":{}},"rooms":["sJdC9hJ8Q5l2C3iIAAAB","room1"],"data":{}}]},"uid":"b1b2b3b4b5b6b7b8","nsp":"/"}"#,
    #"{"type":9,"data":{"packet":["hello","world",1,"2"]},"uid":"a1a2a3a4a5a6a7a8","nsp":"/"}"#,
    #"{"type":9,"data":{"requestId":"1234567890abcdef","packet":["hello"]},"uid":"a1a2a3a4a5a6a7a8","nsp":"/"}"#,
    #"{"type":10,"data":{"requestId":"1234567890abcdef","packet":"hi"},"uid":"b1b2b3b4b5b6b7b8","nsp":"/"}"#,
    #"{"type":13,"uid":"b1b2b3b4b5b6b7b8","nsp":"/"}"#,
]

let codec = ClusterNotificationCodec()

/// The message of an inline notification on the channel of `/`.
func inlineMessage(_ payload: String, channel: String = "socket.io#/") throws -> ClusterMessage {
    guard case .message(let message) = try codec.decode(notification: payload, channel: channel) else {
        throw ClusterMessageDecodingError.invalidField("expected a message, got an attachment header")
    }
    return message
}

@Suite("Cluster messages as inline JSON (adapter-protocol §4.3)")
struct ClusterMessageJSONTests {
    @Test(arguments: inlineVectors)
    func reencodesEveryVectorToTheSameText(_ payload: String) throws {
        #expect(codec.encode(try inlineMessage(payload)) == .inline(payload))
    }

    @Test func heartbeatHasNoBody() throws {
        #expect(try inlineMessage(inlineVectors[0]) == ClusterMessage(uid: "b1b2b3b4b5b6b7b8", namespace: "/", body: .initialHeartbeat))
    }

    @Test func broadcastCarriesAnEventPacketAndOptions() throws {
        let body = BroadcastBody(
            packet: .event("hello", ["world"]),
            options: ClusterBroadcastOptions(rooms: ["room1"])
        )
        #expect(try inlineMessage(inlineVectors[2]).body == .broadcast(body))
    }

    @Test func acknowledgedBroadcastCarriesRequestIDAndTimeout() throws {
        let body = BroadcastBody(
            packet: .event("ping"),
            requestID: "0f1e2d3c4b5a6978",
            options: ClusterBroadcastOptions(flags: ClusterBroadcastFlags(timeout: .milliseconds(1000)))
        )
        #expect(try inlineMessage(inlineVectors[3]).body == .broadcast(body))
    }

    @Test func fetchSocketsResponseDescribesEverySocket() throws {
        guard case .fetchSocketsResponse(let response) = try inlineMessage(inlineVectors[10]).body else {
            Issue.record("not a FETCH_SOCKETS_RESPONSE")
            return
        }
        #expect(response.requestID == "99aa88bb77cc66dd")
        let socket = try #require(response.sockets.first)
        #expect(socket.id == "sJdC9hJ8Q5l2C3iIAAAB")
        #expect(socket.rooms == ["sJdC9hJ8Q5l2C3iIAAAB", "room1"])
        #expect(socket.handshake.address == "::ffff:127.0.0.1")
        #expect(socket.handshake.issued == 1_750_862_120_000)
        #expect(socket.handshake.query["transport"] == "polling")
        #expect(socket.data == [:])
    }

    @Test func replyKeepsItsSingleValue() throws {
        #expect(try inlineMessage(inlineVectors[5]).body == .broadcastAck(ReplyBody(requestID: "0f1e2d3c4b5a6978", packet: "pong")))
    }

    @Test func replyWithoutArgumentHasNoPacket() throws {
        let message = try inlineMessage(#"{"type":10,"data":{"requestId":"1234567890abcdef"},"uid":"b","nsp":"/"}"#)
        #expect(message.body == .serverSideEmitResponse(ReplyBody(requestID: "1234567890abcdef", packet: nil)))
    }

    @Test func broadcastPacketIgnoresItsNamespaceAndAckID() throws {
        let message = try inlineMessage(
            #"{"type":3,"data":{"packet":{"type":2,"data":["x"],"nsp":"/elsewhere","id":7},"opts":{}},"uid":"a","nsp":"/chat"}"#
        )
        guard case .broadcast(let body) = message.body else {
            Issue.record("not a BROADCAST")
            return
        }
        #expect(body.packet == .event("x", namespace: "/chat"))
        #expect(codec.encode(message) == .inline(
            #"{"type":3,"data":{"packet":{"type":2,"data":["x"]},"opts":{"rooms":[],"except":[],"flags":{}}},"uid":"a","nsp":"/chat"}"#
        ))
    }

    @Test func unknownMembersAreIgnored() throws {
        let message = try inlineMessage(#"{"type":2,"uid":"a1a2a3a4a5a6a7a8","nsp":"/","nodeId":"0011223344556677"}"#)
        #expect(message == ClusterMessage(uid: "a1a2a3a4a5a6a7a8", namespace: "/", body: .heartbeat))
    }

    @Test func absentOptionMembersAreEmpty() throws {
        let message = try inlineMessage(#"{"type":6,"data":{"opts":{}},"uid":"a","nsp":"/"}"#)
        #expect(message.body == .disconnectSockets(DisconnectSocketsBody(options: ClusterBroadcastOptions(), close: false)))
    }

    @Test func unknownTypeIsReportedForTheCallerToIgnore() {
        #expect(throws: ClusterMessageDecodingError.unknownMessageType(14)) {
            try inlineMessage(#"{"type":14,"uid":"a","nsp":"/"}"#)
        }
    }

    @Test func wrongMemberTypeNamesItsPath() {
        #expect(throws: ClusterMessageDecodingError.invalidField("data.opts.rooms")) {
            try inlineMessage(#"{"type":4,"data":{"opts":{"rooms":"room1"},"rooms":[]},"uid":"a","nsp":"/"}"#)
        }
        #expect(throws: ClusterMessageDecodingError.missingField("data.requestId")) {
            try inlineMessage(#"{"type":7,"data":{"opts":{}},"uid":"a","nsp":"/"}"#)
        }
    }

    @Test func nodeBufferInJSONStaysAPlainObject() throws {
        let message = try inlineMessage(#"{"type":9,"data":{"packet":["file",{"type":"Buffer","data":[1,2,3]}]},"uid":"a","nsp":"/"}"#)
        #expect(message.body == .serverSideEmit(ServerSideEmitBody(packet: ["file", ["type": "Buffer", "data": [1, 2, 3]]])))
    }

    @Test func invalidJSONIsReported() {
        #expect(throws: ClusterMessageDecodingError.invalidJSON(.unexpectedEndOfInput)) {
            try codec.decode(notification: #"{"type":1"#, channel: "socket.io#/")
        }
    }
}
