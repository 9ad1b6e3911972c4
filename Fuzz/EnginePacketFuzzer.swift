// libFuzzer target for `EnginePacket(decodingText:)` (one WebSocket text frame or one polling
// piece). Built and run by Scripts/fuzz.
//
// Properties checked for every input:
// - the result (packet or error) is exactly what the spec (§2.3, §16) prescribes, computed here
//   from an independent base64 decoder and UTF-8 validator;
// - decoding the same bytes from a view that does not start at index 0 gives the same result;
// - the `String` convenience initialiser agrees with the bytes one on valid UTF-8;
// - a decoded packet re-encodes (`frame`, polling form, `b64` text form, `EnginePayload.encode`)
//   to bytes that decode back to the same packet, byte for byte; text packets re-encode to the
//   input itself.

import NIOCore
@testable import EngineIO

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzEnginePacket(_ data: UnsafeRawPointer?, _ count: Int) -> CInt {
    checkPacketDecoding(fuzzInput(data, count))
    return 0
}

func checkPacketDecoding(_ input: [UInt8]) {
    let result = decode(ByteBuffer(bytes: input).readableBytesView)

    let want = specDecode(input)
    fuzzCheck(identical(result, want), "decoded \(result), spec says \(want)", input: input)

    let shifted = decode(offsetView(of: input, padding: [0x62, 0x34, 0x1E, 0xFF, 0x3D]))
    fuzzCheck(identical(result, shifted), "decoding at a non-zero start index gave \(shifted), not \(result)", input: input)

    if isValidUTF8(input) {
        let fromString = Result { () throws(EngineDecodingError) in
            try EnginePacket(decodingText: String(decoding: input, as: UTF8.self))
        }
        fuzzCheck(identical(result, fromString), "String initialiser gave \(fromString), not \(result)", input: input)
    }

    guard case .success(let packet) = result else { return }
    checkReencoding(packet, input: input)
}

private func checkReencoding(_ packet: EnginePacket, input: [UInt8]) {
    let frame = packet.frame
    fuzzCheck(frame.packetType == packet.type, "frame.packetType \(String(describing: frame.packetType)) != \(packet.type)", input: input)

    // The bytes a WebSocket would carry.
    switch packet.payload {
    case .binary(let bytes):
        fuzzCheck(frame.kind == .binary, "binary packet encoded as a \(frame.kind) frame", input: input)
        fuzzCheck(bytesOf(frame.bytes) == bytesOf(bytes), "binary frame bytes differ from the payload", input: input)
    case .text, nil:
        fuzzCheck(frame.kind == .text, "text packet encoded as a \(frame.kind) frame", input: input)
        fuzzCheck(bytesOf(frame.bytes) == input, "text frame \(hex(frame.bytes.readableBytesView)) is not the input", input: input)
        let again = decode(frame.bytes.readableBytesView)
        fuzzCheck(identical(again, .success(packet)), "text frame decodes to \(again)", input: input)
    }

    // Polling form / b64 text form: `b<base64>` for binary, the text frame otherwise.
    var polling = ByteBuffer()
    frame.writePollingForm(into: &polling)
    let pollingBytes = bytesOf(polling)
    fuzzCheck(bytesOf(frame.base64TextForm) == pollingBytes, "base64TextForm differs from the polling form", input: input)
    if case .binary(let bytes) = packet.payload {
        let want = [UInt8(ascii: "b")] + ReferenceBase64.encode(bytesOf(bytes))
        fuzzCheck(pollingBytes == want, "polling form \(hex(pollingBytes)) is not b<base64>", input: input)
        if ReferenceBase64.isCanonical(Array(input.dropFirst())) {
            fuzzCheck(pollingBytes == input, "canonical base64 input re-encoded as \(hex(pollingBytes))", input: input)
        }
    }
    let fromPolling = decode(polling.readableBytesView)
    fuzzCheck(identical(fromPolling, .success(packet)), "polling form decodes to \(fromPolling)", input: input)

    // One and two frames in a polling payload.
    let single = EnginePayload.encode([frame])
    fuzzCheck(bytesOf(single) == pollingBytes, "payload of one frame differs from its polling form", input: input)
    let separators = pollingBytes.lazy.filter { $0 == EnginePayload.recordSeparator }.count
    let pair = EnginePayload.encode([frame, frame])
    fuzzCheck(
        bytesOf(pair) == pollingBytes + [EnginePayload.recordSeparator] + pollingBytes,
        "payload of two frames is not <frame>\\x1e<frame>",
        input: input
    )
    let decodedPair = EnginePayload.decode(pair.readableBytesView)
    if separators == 0 {
        fuzzCheck(
            decodedPair.failure == nil && decodedPair.packets.count == 2
                && decodedPair.packets.allSatisfy { identical($0, packet) },
            "payload of two frames decodes to \(decodedPair)",
            input: input
        )
    } else {
        // A raw 0x1E inside text cannot survive polling (spec §4.1 assumes it never occurs);
        // still, the split must be consistent.
        fuzzCheck(
            decodedPair.packets.count <= 2 * separators + 2 && decodedPair.packets.first?.type == packet.type,
            "payload with raw separators in text decodes to \(decodedPair)",
            input: input
        )
    }
}
