import NIOCore
import Testing

@testable import EngineIO

@Suite("Engine.IO polling payload decoding (spec §16 vectors)")
struct EnginePayloadDecodingTests {
    private func decode(_ text: String) -> EnginePayload.DecodingResult {
        EnginePayload.decode(ByteBuffer(string: text).readableBytesView)
    }

    @Test func singleMessage() {
        #expect(decode("4hello") == .init(packets: [.message("hello")], failure: nil))
    }

    @Test func threeMessages() {
        #expect(decode("4test1\u{1e}4test2\u{1e}4test3").packets == [.message("test1"), .message("test2"), .message("test3")])
    }

    @Test func textThenBinary() {
        #expect(decode("4hello\u{1e}bAQIDBA==").packets == [.message("hello"), .message(ByteBuffer(bytes: [1, 2, 3, 4]))])
    }

    @Test func controlPackets() {
        #expect(decode("3").packets == [EnginePacket(.pong)])
        #expect(decode("1").packets == [EnginePacket(.close)])
    }

    @Test func stopsAtTheFirstBadPieceKeepingThoseBefore() {
        #expect(decode("4a\u{1e}abc\u{1e}4b") == .init(packets: [.message("a")], failure: .unknownPacketType(UInt8(ascii: "a"))))
    }

    @Test func emptyBodyFails() {
        #expect(decode("") == .init(packets: [], failure: .emptyPacket))
    }

    @Test func trailingSeparatorFails() {
        #expect(decode("4a\u{1e}") == .init(packets: [.message("a")], failure: .emptyPacket))
    }

    @Test func invalidUTF8InOnePieceFailsThere() {
        var body = ByteBuffer(string: "4ok\u{1e}4")
        body.writeBytes([0xFF, 0xFE])
        #expect(EnginePayload.decode(body.readableBytesView) == .init(packets: [.message("ok")], failure: .invalidUTF8))
    }
}
