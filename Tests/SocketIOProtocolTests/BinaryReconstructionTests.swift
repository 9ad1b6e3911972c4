import EngineIO
import NIOCore
import SocketIOProtocol
import Testing

@Suite("Binary packet reconstruction (spec §4.2)")
struct BinaryReconstructionTests {
    @Test func attachmentsReplacePlaceholdersByNumber() throws {
        let packet = try decodeWire(
            #"452-["baz",{"_placeholder":true,"num":1},{"nested":{"_placeholder":true,"num":0}}]"#,
            attachments: [[1], [2]]
        )
        #expect(packet == .event("baz", [bytes(2), ["nested": bytes(1)]]))
    }

    @Test func binaryAckIsDeliveredAsAck() throws {
        let packet = try decodeWire(#"461-15["bar",{"_placeholder":true,"num":0}]"#, attachments: [[1, 2]])
        #expect(packet == .ack(["bar", bytes(1, 2)], ackID: 15))
    }

    @Test func placeholderMayBeUsedTwice() throws {
        let placeholder = #"{"_placeholder":true,"num":0}"#
        let packet = try decodeWire(#"451-["a",\#(placeholder),\#(placeholder)]"#, attachments: [[5]])
        #expect(packet == .event("a", [bytes(5), bytes(5)]))
    }

    @Test func zeroAttachmentsAreDeliveredAtOnceAndTheNextTextIsAccepted() throws {
        var decoder = SocketIOPacketDecoder()
        #expect(try decoder.decode(.message(#"50-["a"]"#)) == .event("a"))
        #expect(!decoder.isReconstructing)
        #expect(try decoder.decode(.message(#"2["b"]"#)) == .event("b"))
    }

    @Test func textWhileReconstructingIsAnError() throws {
        var decoder = SocketIOPacketDecoder()
        _ = try decoder.decode(.message(#"51-["a",{"_placeholder":true,"num":0}]"#))
        #expect(throws: SocketIODecodingError.unexpectedText) { try decoder.decode(.message(#"2["b"]"#)) }
        #expect(!decoder.isReconstructing)
    }

    @Test func binaryWhenNotReconstructingIsAnError() {
        var decoder = SocketIOPacketDecoder()
        #expect(throws: SocketIODecodingError.unexpectedBinary) { try decoder.decode(.message(ByteBuffer(bytes: [1]))) }
    }

    @Test func binaryAfterTheLastAttachmentIsAnError() throws {
        var decoder = SocketIOPacketDecoder()
        _ = try decoder.decode(.message(#"51-["a",{"_placeholder":true,"num":0}]"#))
        _ = try decoder.decode(.message(ByteBuffer(bytes: [1])))
        #expect(throws: SocketIODecodingError.unexpectedBinary) { try decoder.decode(.message(ByteBuffer(bytes: [2]))) }
    }

    @Test(arguments: [
        #"451-["a",{"_placeholder":true,"num":1}]"#,
        #"451-["a",{"_placeholder":true,"num":-1}]"#,
        #"451-["a",{"_placeholder":true,"num":0.5}]"#,
        #"451-["a",{"_placeholder":true,"num":"0"}]"#,
        #"451-["a",{"_placeholder":true}]"#,
        #"450-["a",{"_placeholder":true,"num":0}]"#,
    ])
    func placeholderNumberMustBeAnAttachmentIndex(_ text: String) throws {
        #expect(throws: SocketIODecodingError.invalidPlaceholder) {
            try decodeWire(text, attachments: text.hasPrefix("451") ? [[1]] : [])
        }
    }

    @Test func objectWithPlaceholderFalseIsData() throws {
        let packet = try decodeWire(#"451-["a",{"_placeholder":false,"num":0},{"_placeholder":true,"num":0}]"#, attachments: [[1]])
        #expect(packet == .event("a", [["_placeholder": false, "num": 0], bytes(1)]))
    }

    @Test func placeholderInPlainEventIsOrdinaryData() throws {
        let packet = try decodeText(#"2["a",{"_placeholder":true,"num":0}]"#)
        #expect(packet == .event("a", [["_placeholder": true, "num": 0]]))
    }

    @Test func attachmentsArriveInOrderAcrossSeveralMessages() throws {
        let placeholders = (0..<3).map { #"{"_placeholder":true,"num":\#($0)}"# }.joined(separator: ",")
        let packet = try decodeWire(#"453-/admin,9["x",\#(placeholders)]"#, attachments: [[0], [1], [2]])
        #expect(packet == .event("x", [bytes(0), bytes(1), bytes(2)], namespace: "/admin", ackID: 9))
    }
}
