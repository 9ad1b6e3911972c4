// libFuzzer target for `EnginePayload.decode` (a long-polling POST body). Built and run by
// Scripts/fuzz.
//
// Properties checked for every input:
// - never more packets than separators + 1; exactly that many when nothing failed; an empty body
//   fails with `emptyPacket`;
// - the result equals splitting on 0x1E and decoding each piece on its own as the spec says (an
//   independent oracle, see FuzzSupport.swift), stopping at the first piece that fails (§4.1);
// - decoding from a view that does not start at index 0, with separators and other bytes around
//   it in the same storage, gives the same result;
// - a fully decoded body re-encodes (`frame`s, `EnginePayload.encode`) to a payload that decodes
//   to the same packets; the re-encoding is the input itself unless a base64 piece was not in
//   canonical form, and re-encoding is idempotent.

import NIOCore
@testable import EngineIO

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzEnginePayload(_ data: UnsafeRawPointer?, _ count: Int) -> CInt {
    checkPayloadDecoding(fuzzInput(data, count))
    return 0
}

private func identical(_ a: EnginePayload.DecodingResult, _ b: EnginePayload.DecodingResult) -> Bool {
    a.failure == b.failure && a.packets.count == b.packets.count && zip(a.packets, b.packets).allSatisfy(identical)
}

func checkPayloadDecoding(_ input: [UInt8]) {
    let result = EnginePayload.decode(ByteBuffer(bytes: input).readableBytesView)
    let separators = input.lazy.filter { $0 == EnginePayload.recordSeparator }.count

    fuzzCheck(result.packets.count <= separators + 1, "\(result.packets.count) packets from \(separators) separators", input: input)
    if result.failure == nil {
        fuzzCheck(result.packets.count == separators + 1, "no failure but \(result.packets.count) packets from \(separators) separators", input: input)
    }
    if input.isEmpty {
        fuzzCheck(result.failure == .emptyPacket && result.packets.isEmpty, "empty body decoded to \(result)", input: input)
    }

    // Oracle: split, decode each piece alone as the spec says, stop at the first failure.
    var want = EnginePayload.DecodingResult(packets: [], failure: nil)
    for piece in input.split(separator: EnginePayload.recordSeparator, omittingEmptySubsequences: false) {
        switch specDecode(Array(piece)) {
        case .success(let packet): want.packets.append(packet); continue
        case .failure(let error): want.failure = error
        }
        break
    }
    fuzzCheck(identical(result, want), "decoded \(result), the spec says \(want)", input: input)

    let shifted = EnginePayload.decode(offsetView(of: input, padding: [0x1E, 0x34, 0x61, 0x1E, 0x62, 0x1E]))
    fuzzCheck(identical(result, shifted), "decoding at a non-zero start index gave \(shifted), not \(result)", input: input)

    guard result.failure == nil else { return }

    // Round trip through the encoder.
    let reencoded = EnginePayload.encode(result.packets.map(\.frame))
    let again = EnginePayload.decode(reencoded.readableBytesView)
    fuzzCheck(identical(again, result), "re-encoded payload \(hex(reencoded.readableBytesView)) decodes to \(again)", input: input)

    let allCanonical = input.split(separator: EnginePayload.recordSeparator, omittingEmptySubsequences: false).allSatisfy { piece in
        piece.first != UInt8(ascii: "b") || ReferenceBase64.isCanonical(Array(piece.dropFirst()))
    }
    fuzzCheck(
        (bytesOf(reencoded) == input) == allCanonical,
        "re-encoded as \(hex(reencoded.readableBytesView)) (all base64 canonical: \(allCanonical))",
        input: input
    )
    let twice = EnginePayload.encode(again.packets.map(\.frame))
    fuzzCheck(bytesOf(twice) == bytesOf(reencoded), "re-encoding is not idempotent: \(hex(twice.readableBytesView))", input: input)
}
