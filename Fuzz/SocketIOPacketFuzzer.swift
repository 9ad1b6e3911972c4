// libFuzzer target for the Socket.IO packet decoder and encoder. Built and run by Scripts/fuzz.
//
// The input is split at 0x1E into Engine.IO messages: a piece starting with `b` is a binary
// message holding the bytes after the `b`, any other piece a text message (skipped when it is not
// UTF-8). They are fed in order to one decoder, which goes on after errors.
//
// Properties checked for every decoded packet:
// - it comes out with a plain kind (reconstructed binary packets are EVENT or ACK) and a
//   namespace starting with `/`;
// - it encodes into one text frame starting with `4` and one binary frame per attachment, and a
//   fresh decoder given those frames returns nothing before the last one, then a packet of the
//   same kind, namespace and ack id that encodes to the same frames, byte for byte. (The one
//   packet that cannot come back is an event named by a number too large for a double: its
//   name is written as `null`, which is not a valid event name.)

import EngineIO
import NIOCore
@testable import SocketIOProtocol

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSocketIOPacket(_ data: UnsafeRawPointer?, _ count: Int) -> CInt {
    checkPacketDecoding(fuzzInput(data, count))
    return 0
}

private func messages(in input: [UInt8]) -> [EnginePacket] {
    input.split(separator: 0x1E, omittingEmptySubsequences: false).compactMap { piece in
        if piece.first == UInt8(ascii: "b") { return .message(ByteBuffer(bytes: piece.dropFirst())) }
        return String(validating: piece, as: UTF8.self).map(EnginePacket.message)
    }
}

/// The frames as the Engine.IO messages a receiver would decode from them.
private func receivedMessages(_ frames: [EngineFrame], input: [UInt8]) -> [EnginePacket] {
    frames.map { frame in
        switch frame.kind {
        case .binary:
            return .message(frame.bytes)
        case .text:
            var text = frame.bytes
            fuzzCheck(text.readInteger(as: UInt8.self) == UInt8(ascii: "4"), "text frame does not start with 4", input: input)
            return .message(String(buffer: text))
        }
    }
}

private func frameBytes(_ frames: [EngineFrame]) -> [[UInt8]] {
    frames.map { bytesOf($0.bytes) }
}

func checkPacketDecoding(_ input: [UInt8]) {
    var decoder = SocketIOPacketDecoder()
    for message in messages(in: input) {
        guard let packet = try? decoder.decode(message) else { continue }
        checkRoundTrip(packet, input: input)
    }
}

private func checkRoundTrip(_ packet: SocketIOPacket, input: [UInt8]) {
    fuzzCheck(packet.kind != .binaryEvent && packet.kind != .binaryAck, "decoded a binary kind: \(packet)", input: input)
    fuzzCheck(packet.namespace.utf8.first == UInt8(ascii: "/"), "namespace \(packet.namespace) does not start with /", input: input)

    let frames = SocketIOPacketEncoder.encode(packet)
    let attachmentCount = frames.count - 1
    fuzzCheck(frames.first?.kind == .text && frames.dropFirst().allSatisfy { $0.kind == .binary }, "frame kinds \(frames.map(\.kind))", input: input)

    // A placeholder may be used many times, so a packet can re-encode with more attachments
    // than it arrived with.
    var decoder = SocketIOPacketDecoder(maxAttachments: attachmentCount)
    var decoded: SocketIOPacket?
    for (position, message) in receivedMessages(frames, input: input).enumerated() {
        fuzzCheck(decoded == nil, "packet delivered before frame \(position) of \(frames.count)", input: input)
        do {
            decoded = try decoder.decode(message)
        } catch {
            let infiniteName = packet.data?.arrayValue?.first?.numberValue?.isFinite == false
            fuzzCheck(error == .invalidPayload(.event) && infiniteName, "re-encoded \(packet) fails to decode: \(error)", input: input)
            return
        }
    }
    guard let decoded else {
        fuzzCheck(false, "re-encoded \(packet) decodes to nothing", input: input)
        return
    }
    fuzzCheck(
        decoded.kind == packet.kind && decoded.namespace == packet.namespace && decoded.ackID == packet.ackID,
        "re-encoded \(packet) decodes as \(decoded)",
        input: input
    )
    let again = SocketIOPacketEncoder.encode(decoded)
    fuzzCheck(frameBytes(again) == frameBytes(frames), "encoding again gave different frames", input: input)
}
