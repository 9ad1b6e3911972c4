import NIOCore
import Testing

@testable import EngineIO

@Suite("Engine.IO packet decoding (spec §16 vectors)")
struct EnginePacketDecodingTests {
    private func decode(_ text: String) throws(EngineDecodingError) -> EnginePacket {
        try EnginePacket(decodingText: text)
    }

    @Test func openCarriesItsJSON() throws {
        #expect(try decode(#"0{"sid":"x"}"#) == EnginePacket(.open, .text(#"{"sid":"x"}"#)))
    }

    @Test func controlPacketsWithoutPayload() throws {
        #expect(try decode("1") == EnginePacket(.close))
        #expect(try decode("2") == EnginePacket(.ping))
        #expect(try decode("3") == EnginePacket(.pong))
        #expect(try decode("5") == EnginePacket(.upgrade))
        #expect(try decode("6") == EnginePacket(.noop))
    }

    @Test func probesCarryTheWordProbe() throws {
        #expect(try decode("2probe") == EnginePacket(.ping, .text("probe")))
        #expect(try decode("3probe") == EnginePacket(.pong, .text("probe")))
    }

    @Test func bareMessageHasNoPayloadRatherThanAnEmptyString() throws {
        let packet = try decode("4")
        #expect(packet.type == .message)
        #expect(packet.payload == nil)
    }

    @Test func textMessageKeepsUTF8() throws {
        #expect(try decode("4hello") == .message("hello"))
        #expect(try decode("4€") == .message("€"))
    }

    @Test func base64MessageDecodesToBytes() throws {
        #expect(try decode("bAQIDBA==") == .message(ByteBuffer(bytes: [1, 2, 3, 4])))
    }

    @Test(arguments: ["7", "x", "a", "abc"])
    func unknownTypeCharacterIsRejected(_ text: String) {
        #expect(throws: EngineDecodingError.unknownPacketType(text.utf8.first!)) { try decode(text) }
    }

    @Test func emptyInputIsRejected() {
        #expect(throws: EngineDecodingError.emptyPacket) { try decode("") }
    }

    @Test func invalidUTF8IsRejected() {
        let bytes = ByteBuffer(bytes: [0x34, 0xC3, 0x28])
        #expect(throws: EngineDecodingError.invalidUTF8) { try EnginePacket(decodingText: bytes.readableBytesView) }
    }

    @Test(arguments: ["b!!!!", "bAQ=D", "bA", "bAQIDBA=", "b====", "bA==="])
    func invalidBase64IsRejected(_ text: String) {
        #expect(throws: EngineDecodingError.invalidBase64) { try decode(text) }
    }

    @Test func emptyBase64IsAnEmptyBinaryMessage() throws {
        #expect(try decode("b") == .message(ByteBuffer()))
    }
}
