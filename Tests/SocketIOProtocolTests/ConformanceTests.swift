import EngineIO
import NIOCore
import SocketIOProtocol
import Testing

/// The echo scenarios of the conformance suite (spec §11, §16): what the client sends decodes,
/// and the server's answer, built from the decoded arguments, encodes byte for byte as expected.
@Suite("Conformance suite exchanges (spec §11, §16)")
struct ConformanceTests {
    private func arguments(of packet: SocketIOPacket?) throws -> [SocketIOValue] {
        try #require(packet?.data?.arrayValue)
    }

    @Test func messageIsEchoedAsMessageBack() throws {
        let received = try decodeWire(#"42["message",1,"2",{"3":[true]}]"#)
        let reply = SocketIOPacket.event("message-back", Array(try arguments(of: received).dropFirst()))
        #expect(wireFrames(of: reply) == [.text(#"42["message-back",1,"2",{"3":[true]}]"#)])
    }

    @Test func binaryMessageIsEchoedWithTheSameAttachments() throws {
        let received = try decodeWire(
            #"452-["message",{"_placeholder":true,"num":0},{"_placeholder":true,"num":1}]"#,
            attachments: [[1, 2, 3], [4, 5, 6]]
        )
        let reply = SocketIOPacket.event("message-back", Array(try arguments(of: received).dropFirst()))
        #expect(wireFrames(of: reply) == [
            .text(#"452-["message-back",{"_placeholder":true,"num":0},{"_placeholder":true,"num":1}]"#),
            .binary([1, 2, 3]), .binary([4, 5, 6]),
        ])
    }

    @Test func messageWithAckIsAnsweredWithItsArguments() throws {
        let received = try #require(try decodeWire(#"42456["message-with-ack",1,"2",{"3":[false]}]"#))
        let ackID = try #require(received.ackID)
        let reply = SocketIOPacket.ack(Array(try arguments(of: received).dropFirst()), ackID: ackID)
        #expect(wireFrames(of: reply) == [.text(#"43456[1,"2",{"3":[false]}]"#)])
    }

    @Test func binaryMessageWithAckIsAnsweredWithABinaryAck() throws {
        let received = try #require(try decodeWire(
            #"452-789["message-with-ack",{"_placeholder":true,"num":0},{"_placeholder":true,"num":1}]"#,
            attachments: [[1, 2, 3], [4, 5, 6]]
        ))
        let ackID = try #require(received.ackID)
        let reply = SocketIOPacket.ack(Array(try arguments(of: received).dropFirst()), ackID: ackID)
        #expect(wireFrames(of: reply) == [
            .text(#"462-789[{"_placeholder":true,"num":0},{"_placeholder":true,"num":1}]"#),
            .binary([1, 2, 3]), .binary([4, 5, 6]),
        ])
    }

    @Test(arguments: [
        ("40", SocketIOPacket.connect()),
        (#"40{"token":"123"}"#, .connect(data: ["token": "123"])),
        ("40/custom,", .connect(namespace: "/custom")),
        (#"40/custom,{"token":"abc"}"#, .connect(namespace: "/custom", data: ["token": "abc"])),
        ("40/random", .connect(namespace: "/random")),
        ("41", .disconnect()),
        ("41/custom", .disconnect(namespace: "/custom")),
    ])
    func clientConnectionPacketsDecode(_ wire: String, _ packet: SocketIOPacket) throws {
        #expect(try decodeWire(wire) == packet)
    }

    @Test(arguments: ["4abc", "42{}", #"42abc["message-with-ack",1]"#])
    func garbageThatClosesTheConnectionIsAnError(_ wire: String) {
        #expect(throws: SocketIODecodingError.self) { try decodeWire(wire) }
    }

    @Test func authIsEchoedAsAnEventAfterConnect() throws {
        let connect = try #require(try decodeWire(#"40/custom,{"token":"abc"}"#))
        let reply = SocketIOPacket.event("auth", [connect.data ?? [:]], namespace: connect.namespace)
        #expect(wireFrames(of: reply) == [.text(#"42/custom,["auth",{"token":"abc"}]"#)])
    }
}
