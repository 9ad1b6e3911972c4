import EngineIO
import NIOCore
import SocketIOProtocol
import Testing

@Suite("Socket.IO packet encoding (spec §3.1, §4.1)")
struct PacketEncodingTests {
    @Test(arguments: [
        (SocketIOPacket.connect(data: ["sid": "wZX3oN0bSVIhsaknAAAI"]), #"40{"sid":"wZX3oN0bSVIhsaknAAAI"}"#),
        (.connect(namespace: "/admin", data: ["sid": "oSO0OpakMV_3jnilAAAA"]), #"40/admin,{"sid":"oSO0OpakMV_3jnilAAAA"}"#),
        (.connect(data: ["sid": "oSO0OpakMV_3jnilAAAA", "pid": "YHcX2sdAF1z452-HAAAW"]),
         #"40{"sid":"oSO0OpakMV_3jnilAAAA","pid":"YHcX2sdAF1z452-HAAAW"}"#),
        (.connectError(message: "Invalid namespace", namespace: "/random"), #"44/random,{"message":"Invalid namespace"}"#),
        (.connectError(message: "not authorized", data: ["reason": "expired"]),
         #"44{"message":"not authorized","data":{"reason":"expired"}}"#),
        (.disconnect(), "41"),
        (.disconnect(namespace: "/admin"), "41/admin,"),
        (.event("hello"), #"42["hello"]"#),
        (.event("hello", ["world"], namespace: "/admin"), #"42/admin,["hello","world"]"#),
        (.event("hello", ackID: 0), #"420["hello"]"#),
        (.event("hello", namespace: "/admin", ackID: 12), #"42/admin,12["hello"]"#),
        (.ack([], ackID: 12), "4312[]"),
        (.ack(["bar"], namespace: "/admin", ackID: 13), #"43/admin,13["bar"]"#),
    ])
    func textPacketsEncodeAsInTheSpec(_ packet: SocketIOPacket, _ wire: String) {
        #expect(wireFrames(of: packet) == [.text(wire)])
    }

    @Test func encodeTextOmitsTheEngineIOPrefix() {
        #expect(SocketIOPacketEncoder.encodeText(.event("hello", namespace: "/admin", ackID: 12)) == #"2/admin,12["hello"]"#)
    }

    @Test func eventWithOneBufferBecomesBinaryEvent() {
        #expect(wireFrames(of: .event("baz", [bytes(1, 2, 3, 4)])) == [
            .text(#"451-["baz",{"_placeholder":true,"num":0}]"#), .binary([1, 2, 3, 4]),
        ])
    }

    @Test func binaryEventOnNamespaceWithTwoBuffers() {
        #expect(wireFrames(of: .event("baz", [bytes(1), bytes(2)], namespace: "/admin")) == [
            .text(#"452-/admin,["baz",{"_placeholder":true,"num":0},{"_placeholder":true,"num":1}]"#),
            .binary([1]), .binary([2]),
        ])
    }

    @Test func ackWithBinaryBecomesBinaryAck() {
        #expect(wireFrames(of: .ack(["bar", bytes(9)], ackID: 15)) == [
            .text(#"461-15["bar",{"_placeholder":true,"num":0}]"#), .binary([9]),
        ])
    }

    /// The spec prints this example as `455-…`, but it has four placeholders and four binary
    /// messages, and Node writes the number of attachments: `454-`.
    @Test func placeholdersAreNumberedDepthFirstAndRepeatedBuffersRepeat() {
        let b1 = bytes(1), b2 = bytes(2)
        let packet = SocketIOPacket.event("multiple", [1, b1, "3", [4], b2, [b1, "swag", b2]])
        let placeholders = (0..<4).map { #"{"_placeholder":true,"num":\#($0)}"# }
        #expect(wireFrames(of: packet) == [
            .text(#"454-["multiple",1,\#(placeholders[0]),"3",[4],\#(placeholders[1]),[\#(placeholders[2]),"swag",\#(placeholders[3])]]"#),
            .binary([1]), .binary([2]), .binary([1]), .binary([2]),
        ])
    }

    @Test func binaryInsideObjectsFollowsKeyOrder() {
        let packet = SocketIOPacket.event("o", [["b": bytes(2), "a": bytes(1)]])
        #expect(wireFrames(of: packet) == [
            .text(#"452-["o",{"b":{"_placeholder":true,"num":0},"a":{"_placeholder":true,"num":1}}]"#),
            .binary([2]), .binary([1]),
        ])
    }

    @Test func binaryPacketOverPollingIsOnePayload() {
        let payload = EnginePayload.encode(SocketIOPacketEncoder.encode(.event("upload", [bytes(1, 2, 3)])))
        #expect(String(buffer: payload) == "451-[\"upload\",{\"_placeholder\":true,\"num\":0}]\u{1e}bAQID")
    }

    @Test func binaryKindWithoutBinaryKeepsItsKindWithZeroAttachments() {
        #expect(wireFrames(of: SocketIOPacket(kind: .binaryEvent, data: ["a"])) == [.text(#"450-["a"]"#)])
    }

    @Test func payloadWithoutBinaryIsNeverSentAsBinaryKind() {
        #expect(wireFrames(of: .event("a", [["_placeholder": true, "num": 0]])) == [
            .text(#"42["a",{"_placeholder":true,"num":0}]"#),
        ])
    }

    @Test func binaryInConnectErrorDataIsWrittenAsNull() {
        #expect(wireFrames(of: .connectError(message: "no", data: bytes(1))) == [.text(#"44{"message":"no","data":null}"#)])
    }

    @Test func emptyNamespaceIsTheMainNamespace() {
        #expect(wireFrames(of: .disconnect(namespace: "")) == [.text("41")])
    }

    @Test func largestAckIDIsWrittenInFull() {
        #expect(wireFrames(of: .ack([], ackID: 9_007_199_254_740_991)) == [.text("439007199254740991[]")])
    }
}
