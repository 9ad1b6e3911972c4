// libFuzzer target for the internal `Base64` codec (binary packets on polling and in `b64`
// WebSocket mode). Built and run by Scripts/fuzz.
//
// Properties checked for every input:
// - `decode` accepts exactly what the independent reference accepts (groups of four alphabet
//   characters, `=`/`==` only at the very end) and yields the same bytes, whatever the collection
//   type and start index;
// - `encode` matches the reference encoder, has length 4·⌈n/3⌉, appends without touching what
//   the buffer already held, and `decode` inverts it;
// - whatever `decode` accepts re-encodes to a canonical form that decodes to the same bytes.

import NIOCore
@testable import EngineIO

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzBase64(_ data: UnsafeRawPointer?, _ count: Int) -> CInt {
    checkBase64(fuzzInput(data, count))
    return 0
}

func checkBase64(_ input: [UInt8]) {
    // Decoding the input as base64 text.
    let decoded = Base64.decode(input).map(bytesOf)
    let want = ReferenceBase64.decode(input)
    fuzzCheck(decoded == want, "decode gave \(decoded.map(hex) ?? "nil"), reference \(want.map(hex) ?? "nil")", input: input)

    let fromView = Base64.decode(offsetView(of: input, padding: [0x3D, 0x41, 0x3D])).map(bytesOf)
    fuzzCheck(fromView == decoded, "decode of a ByteBufferView at a non-zero start gave \(fromView.map(hex) ?? "nil")", input: input)
    let fromSlice = Base64.decode(([0x3D] + input + [0x41])[1..<(input.count + 1)]).map(bytesOf)
    fuzzCheck(fromSlice == decoded, "decode of an ArraySlice at index 1 gave \(fromSlice.map(hex) ?? "nil")", input: input)

    if let decoded {
        var canonical = ByteBuffer()
        Base64.encode(decoded, into: &canonical)
        let back = Base64.decode(canonical.readableBytesView).map(bytesOf)
        fuzzCheck(back == decoded, "canonical re-encoding \(hex(canonical.readableBytesView)) decodes to \(back.map(hex) ?? "nil")", input: input)
        if ReferenceBase64.isCanonical(input) {
            fuzzCheck(bytesOf(canonical) == input, "canonical input re-encoded as \(hex(canonical.readableBytesView))", input: input)
        }
    }

    // Encoding the input as binary data, appended after existing bytes.
    var buffer = ByteBuffer(string: "b")
    Base64.encode(input, into: &buffer)
    let text = Array(bytesOf(buffer).dropFirst())
    fuzzCheck(buffer.readableBytesView.first == UInt8(ascii: "b"), "encode overwrote the buffer's existing bytes", input: input)
    fuzzCheck(text.count == (input.count + 2) / 3 * 4, "encoded length \(text.count) for \(input.count) bytes", input: input)
    fuzzCheck(text == ReferenceBase64.encode(input), "encode gave \(hex(text)), reference \(hex(ReferenceBase64.encode(input)))", input: input)
    let roundTrip = Base64.decode(text).map(bytesOf)
    fuzzCheck(roundTrip == input, "encode then decode gave \(roundTrip.map(hex) ?? "nil")", input: input)
}
