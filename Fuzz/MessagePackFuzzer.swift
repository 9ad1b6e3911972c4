// libFuzzer target for the cluster's MessagePack codec (`MessagePackDecoder`,
// `MessagePackEncoder`). Built and run by Scripts/fuzz.
//
// Properties checked for every input:
// - decoding never crashes, and gives the same result (value or error) whether the input starts
//   at index 0 of its buffer or further in, with unrelated bytes around it;
// - a decoded value encodes to bytes that decode to an identical value (numbers compared as
//   doubles with NaN equal to NaN, strings and binary byte for byte, keys in order), and
//   encoding that value again gives the same bytes.

import NIOCore
import SocketIOCluster
import SocketIOProtocol

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzMessagePack(_ data: UnsafeRawPointer?, _ count: Int) -> CInt {
    checkMessagePack(fuzzInput(data, count))
    return 0
}

private func decode(_ buffer: ByteBuffer) -> Result<SocketIOValue, MessagePackDecodingError> {
    Result { () throws(MessagePackDecodingError) in try MessagePackDecoder.decode(buffer) }
}

private func encode(_ value: SocketIOValue) -> [UInt8] {
    var buffer = ByteBuffer()
    MessagePackEncoder.encode(value, into: &buffer)
    return bytesOf(buffer)
}

/// `bytes` as the readable part of a buffer that holds other bytes before and after them.
private func embedded(_ bytes: [UInt8]) -> ByteBuffer {
    let padding: [UInt8] = [0xc1, 0x92, 0xdb]
    var buffer = ByteBuffer()
    buffer.writeBytes(padding + bytes + padding)
    buffer.moveReaderIndex(forwardBy: padding.count)
    buffer.moveWriterIndex(to: padding.count + bytes.count)
    return buffer
}

/// Equality that tells strings apart byte for byte and takes NaN as equal to itself.
private func identical(_ a: SocketIOValue, _ b: SocketIOValue) -> Bool {
    switch (a, b) {
    case (.null, .null): return true
    case (.bool(let x), .bool(let y)): return x == y
    case (.number(let x), .number(let y)): return x == y || (x.isNaN && y.isNaN)
    case (.string(let x), .string(let y)): return x.utf8.elementsEqual(y.utf8)
    case (.binary(let x), .binary(let y)): return x.readableBytesView.elementsEqual(y.readableBytesView)
    case (.array(let x), .array(let y)): return x.count == y.count && zip(x, y).allSatisfy(identical)
    case (.object(let x), .object(let y)):
        return x.count == y.count
            && zip(x.members, y.members).allSatisfy { $0.key.utf8.elementsEqual($1.key.utf8) && identical($0.value, $1.value) }
    default: return false
    }
}

private func identical(
    _ a: Result<SocketIOValue, MessagePackDecodingError>, _ b: Result<SocketIOValue, MessagePackDecodingError>
) -> Bool {
    switch (a, b) {
    case (.success(let x), .success(let y)): identical(x, y)
    case (.failure(let x), .failure(let y)): x == y
    default: false
    }
}

func checkMessagePack(_ input: [UInt8]) {
    let result = decode(ByteBuffer(bytes: input))
    let shifted = decode(embedded(input))
    fuzzCheck(identical(shifted, result), "decoding inside a larger buffer gave \(shifted), not \(result)", input: input)

    guard case .success(let value) = result else { return }
    let encoded = encode(value)
    guard case .success(let decoded) = decode(ByteBuffer(bytes: encoded)) else {
        fuzzCheck(false, "encoded \(hex(encoded)) does not decode", input: input)
        return
    }
    fuzzCheck(identical(decoded, value), "encoded \(hex(encoded)) decodes as \(decoded), not \(value)", input: input)
    let reencoded = encode(decoded)
    fuzzCheck(reencoded == encoded, "encoding again gave \(hex(reencoded)), not \(hex(encoded))", input: input)
}
