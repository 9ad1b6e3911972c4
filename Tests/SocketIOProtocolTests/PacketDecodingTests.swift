import EngineIO
import NIOCore
import SocketIOProtocol
import Testing

@Suite("Socket.IO packet decoding (spec §5.4)")
struct PacketDecodingTests {
    @Test(arguments: [
        ("0", SocketIOPacket(kind: .connect)),
        (#"0{"token":"123"}"#, .connect(data: ["token": "123"])),
        ("0/admin,", .connect(namespace: "/admin")),
        ("0/admin", .connect(namespace: "/admin")),
        (#"0/admin,{"token":"abc"}"#, .connect(namespace: "/admin", data: ["token": "abc"])),
        ("1", .disconnect()),
        ("1/admin,", .disconnect(namespace: "/admin")),
        (#"2["foo"]"#, .event("foo")),
        (#"2[1,"a"]"#, SocketIOPacket(kind: .event, data: [1, "a"])),
        (#"212["foo"]"#, .event("foo", ackID: 12)),
        (#"2007["a"]"#, .event("a", ackID: 7)),
        (#"3/admin,13["bar"]"#, .ack(["bar"], namespace: "/admin", ackID: 13)),
        ("3", SocketIOPacket(kind: .ack)),
        ("3[]", SocketIOPacket(kind: .ack, data: [])),
        (#"4{"message":"Not authorized"}"#, .connectError(message: "Not authorized")),
        (#"4"just a string""#, SocketIOPacket(kind: .connectError, data: "just a string")),
        (#"50-["a"]"#, .event("a")),
        (#"5-["a"]"#, .event("a")),
        (#"2["error"]"#, .event("error")),
        (#"0/,{}"#, .connect(data: [:])),
        (#"0/admin["x"]"#, .connect(namespace: #"/admin["x"]"#)),
        (#"0/é,"#, .connect(namespace: "/é")),
        (#"29007199254740991["a"]"#, .event("a", ackID: 9_007_199_254_740_991)),
        (#"20000000000000000000000007["a"]"#, .event("a", ackID: 7)),
    ])
    func validPacketsDecodeAsInTheSpec(_ text: String, _ packet: SocketIOPacket) throws {
        #expect(try decodeText(text) == packet)
    }

    @Test(arguments: [
        (#"51-["baz",{"_placeholder":true,"num":0}]"#, nil as UInt64?),
        (#"61-15["bar",{"_placeholder":true,"num":0}]"#, 15),
    ])
    func binaryHeaderWaitsForItsAttachment(_ text: String, _ ackID: UInt64?) throws {
        var decoder = SocketIOPacketDecoder()
        #expect(try decoder.decode(.message(text)) == nil)
        #expect(decoder.isReconstructing)
        let packet = try #require(try decoder.decode(.message(ByteBuffer(bytes: [7]))))
        #expect(packet.ackID == ackID)
        #expect(packet.data?.arrayValue?.last == bytes(7))
    }

    @Test(arguments: ["abc", #"7["a"]"#, "/admin,0"])
    func rejectsUnknownPacketType(_ text: String) {
        #expect(throws: SocketIODecodingError.unknownPacketType(text.utf8.first!)) { try decodeText(text) }
    }

    @Test(arguments: [
        (#"2{}"#, SocketIOPacket.Kind.event), (#"2[]"#, .event), (#"2[null]"#, .event), (#"2[["a"]]"#, .event),
        ("2", .event), ("21", .event), (#"2/admin["x"]"#, .event), (#"2 ["a"]"#, .event), (#"50-"#, .binaryEvent),
        ("0[]", .connect), (#"0"str""#, .connect), ("0null", .connect),
        ("1{}", .disconnect), (#"1/admin,{"a":1}"#, .disconnect),
        ("3{}", .ack), (#"3"a""#, .ack), (#"61-{}"#, .binaryAck), ("4[]", .connectError), ("4true", .connectError),
    ])
    func rejectsPayloadOfTheWrongShape(_ text: String, _ kind: SocketIOPacket.Kind) {
        #expect(throws: SocketIODecodingError.invalidPayload(kind)) { try decodeText(text) }
    }

    @Test(arguments: SocketIOPacket.reservedEventNames.sorted())
    func rejectsReservedEventNames(_ name: String) {
        #expect(throws: SocketIODecodingError.reservedEventName(name)) { try decodeText(#"2["\#(name)"]"#) }
    }

    @Test(arguments: [
        (#"2abc["x"]"#, JSONDecodingError.unexpectedCharacter(UInt8(ascii: "a"), offset: 0)),
        (#"2["a"]trailing"#, .trailingCharacters(offset: 5)),
        (#"2,["x"]"#, .unexpectedCharacter(UInt8(ascii: ","), offset: 0)),
        (#"2/admin,,["x"]"#, .unexpectedCharacter(UInt8(ascii: ","), offset: 0)),
    ])
    func rejectsPayloadThatIsNotJSON(_ text: String, _ error: JSONDecodingError) {
        #expect(throws: SocketIODecodingError.invalidJSON(error)) { try decodeText(text) }
    }

    @Test(arguments: [#"5["a"]"#, #"5x-["a"]"#, #"5 1-["a"]"#, "5", #"6["a-"]"#])
    func rejectsIllegalAttachmentCount(_ text: String) {
        #expect(throws: SocketIODecodingError.illegalAttachments) { try decodeText(text) }
    }

    @Test(arguments: [#"511-["a"]"#, #"599999999999999999999999-["a"]"#])
    func rejectsMoreThanTenAttachments(_ text: String) {
        #expect(throws: SocketIODecodingError.tooManyAttachments(limit: 10)) { try decodeText(text) }
    }

    @Test func attachmentLimitIsConfigurable() throws {
        var decoder = SocketIOPacketDecoder(maxAttachments: 2)
        #expect(throws: SocketIODecodingError.tooManyAttachments(limit: 2)) { try decoder.decode(.message(#"53-["a"]"#)) }
        #expect(try decoder.decode(.message(#"52-["a"]"#)) == nil)
    }

    @Test func rejectsAckIDAboveTwoToThe53MinusOne() {
        #expect(throws: SocketIODecodingError.invalidAckID) { try decodeText(#"29007199254740992["a"]"#) }
        #expect(throws: SocketIODecodingError.invalidAckID) { try decodeText(#"21000000000000000000000["a"]"#) }
    }

    @Test(arguments: ["0/ad\u{1}min,", "0/ad\u{7F}min", "2/a\nb,[\"x\"]"])
    func rejectsNamespaceWithControlCharacters(_ text: String) {
        #expect(throws: SocketIODecodingError.invalidNamespace) { try decodeText(text) }
    }

    @Test func rejectsEngineMessageWithoutPayload() throws {
        var decoder = SocketIOPacketDecoder()
        #expect(throws: SocketIODecodingError.missingPayload) { try decoder.decode(EnginePacket(decodingText: "4")) }
        #expect(throws: SocketIODecodingError.missingPayload) { try decoder.decode(.message("")) }
    }

    @Test func rejectsEnginePacketsOtherThanMessages() {
        var decoder = SocketIOPacketDecoder()
        #expect(throws: SocketIODecodingError.notAMessage(.ping)) { try decoder.decode(EnginePacket(.ping)) }
    }

    @Test func decodesNonASCIIPayloadAndEscapes() throws {
        #expect(try decodeText(#"2["caf\u00e9","😀"]"#) == .event("café", ["😀"]))
    }
}
