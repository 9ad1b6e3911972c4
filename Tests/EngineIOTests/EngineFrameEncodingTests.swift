import NIOCore
import Testing

@testable import EngineIO

@Suite("Engine.IO frame and payload encoding")
struct EngineFrameEncodingTests {
    private func string(_ buffer: ByteBuffer) -> String { String(buffer: buffer) }

    @Test func textPacketEncodesTypeCharacterThenPayload() {
        let frame = EnginePacket.message("hello").frame
        #expect(frame.kind == .text)
        #expect(Array(frame.bytes.readableBytesView) == [0x34, 0x68, 0x65, 0x6C, 0x6C, 0x6F])
        #expect(frame.packetType == .message)
    }

    @Test func packetWithoutPayloadIsItsTypeCharacter() {
        #expect(string(EngineFrame.ping.bytes) == "2")
        #expect(string(EngineFrame.noop.bytes) == "6")
        #expect(string(EngineFrame.pongProbe.bytes) == "3probe")
    }

    @Test func binaryMessageIsRawBytesWithoutTypeByte() {
        let frame = EnginePacket.message(ByteBuffer(bytes: [1, 2, 3, 4])).frame
        #expect(frame.kind == .binary)
        #expect(Array(frame.bytes.readableBytesView) == [1, 2, 3, 4])
        #expect(frame.packetType == .message)
    }

    @Test func pollingPayloadJoinsWithRecordSeparator() {
        let payload = EnginePayload.encode([EnginePacket.message("hello").frame, .ping, EnginePacket.message("world").frame])
        #expect(Array(payload.readableBytesView) == Array("4hello\u{1e}2\u{1e}4world".utf8))
    }

    @Test func pollingPayloadCarriesBinaryAsBase64WithoutTypeCharacter() {
        let payload = EnginePayload.encode([EnginePacket.message(ByteBuffer(bytes: [1, 2, 3])).frame])
        #expect(string(payload) == "bAQID")
    }

    @Test func noopThenCloseIsTheLastPollOfAForcedClose() {
        #expect(string(EnginePayload.encode([EngineFrame.noop, .close])) == "6\u{1e}1")
    }

    @Test func base64TextFormForB64Clients() {
        let frame = EnginePacket.message(ByteBuffer(bytes: [1, 2, 3, 4])).frame
        #expect(string(frame.base64TextForm) == "bAQIDBA==")
        #expect(string(EnginePacket.message("x").frame.base64TextForm) == "4x")
    }

    @Test(arguments: [0, 1, 2, 3, 4, 5, 6, 255, 256, 1000])
    func base64RoundTripsEveryLength(_ length: Int) {
        let bytes = (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) }
        var encoded = ByteBuffer()
        Base64.encode(bytes, into: &encoded)
        #expect(encoded.readableBytes == (length + 2) / 3 * 4)
        #expect(Base64.decode(encoded.readableBytesView).map { Array($0.readableBytesView) } == bytes)
    }
}
