import NIOCore
import SocketIOCluster
import SocketIOProtocol
import Testing

@Suite("MessagePack decoding")
struct MessagePackDecodingTests {
    // uint 64 and int 64 round to the nearest double: 2^64 − 1 becomes 2^64.
    @Test(arguments: [
        ("7f", 127), ("cc 80", 128), ("cd ff ff", 65535), ("ce ff ff ff ff", 4_294_967_295),
        ("cf 00 1f ff ff ff ff ff ff", 9_007_199_254_740_991), ("cf ff ff ff ff ff ff ff ff", 18_446_744_073_709_551_616),
        ("e0", -32), ("d0 df", -33), ("d1 80 00", -32768), ("d2 80 00 00 00", -2_147_483_648),
        ("d3 80 00 00 00 00 00 00 00", -9_223_372_036_854_775_808),
        ("cb 3f e0 00 00 00 00 00 00", 0.5), ("cb 43 40 00 00 00 00 00 00", 9_007_199_254_740_992),
        ("ca 3f c0 00 00", 1.5), ("ca 3d cc cc cd", Double(Float(0.1))),
    ] as [(String, Double)])
    func decodesEveryNumberFormat(_ bytes: String, _ expected: Double) throws {
        #expect(try decodeMessagePack(hex(bytes)) == .number(expected))
    }

    @Test func acceptsIntegersInWiderFormatsThanNeeded() throws {
        #expect(try decodeMessagePack(hex("93 cc 01 d3 00 00 00 00 00 00 00 02 d0 7f")) == [1, 2, 127])
    }

    @Test(arguments: [
        SocketIOValue.number(128), .number(-33), .number(-0.5), .string(String(repeating: "é", count: 40_000)),
        binary(Array(repeating: 1, count: 300)), .array(Array(repeating: true, count: 16)),
        .object(SocketIOObject((0..<16).map { ("k\($0)", .number(Double($0))) })), ["nested": [["a": .null]]],
    ])
    func decodesWhatItEncodes(_ value: SocketIOValue) throws {
        #expect(try decodeMessagePack(messagePack(value)) == value)
    }

    @Test func invalidUTF8BecomesReplacementCharacter() throws {
        #expect(try decodeMessagePack(hex("a2 c3 28")) == "\u{FFFD}(")
    }

    @Test func repeatedMapKeyKeepsFirstPositionAndLastValue() throws {
        let value = try decodeMessagePack(hex("83 a1 61 01 a1 62 02 a1 61 03"))
        #expect(value == ["a": 3, "b": 2])
        #expect(value.objectValue?.keys == ["a", "b"])
    }

    @Test func mapKeyMustBeAString() {
        #expect(throws: MessagePackDecodingError.nonStringMapKey(offset: 1)) { try decodeMessagePack(hex("81 01 02")) }
    }

    @Test(arguments: [
        ("d6 ff 64 2e ed 46", "2023-04-06T16:03:18.000Z"),
        ("d7 ff 1d 53 53 00 64 2e ed 46", "2023-04-06T16:03:18.123Z"),
        ("c7 0c ff 07 54 d4 c0 00 00 00 00 64 2e ed 46", "2023-04-06T16:03:18.123Z"),
        ("c7 0c ff 1d cd 65 00 ff ff ff ff ff ff ff ff", "1969-12-31T23:59:59.500Z"),
        // -1 s + 1.5 ms is -998.5 ms: `new Date()` truncates toward zero.
        ("c7 0c ff 00 16 e3 60 ff ff ff ff ff ff ff ff", "1969-12-31T23:59:59.002Z"),
        ("c7 0c ff 00 00 00 00 00 00 00 3a ff f4 41 80", "+010000-01-01T00:00:00.000Z"),
        ("c7 0c ff 00 00 00 00 ff ff ff f1 84 aa 50 80", "-000001-01-01T00:00:00.000Z"),
        ("c7 0c ff 00 00 00 00 00 00 07 db a8 21 80 00", "+275760-09-13T00:00:00.000Z"),
    ] as [(String, String)])
    func timestampExtensionBecomesJavaScriptISOString(_ bytes: String, _ expected: String) throws {
        #expect(try decodeMessagePack(hex(bytes)) == .string(expected))
    }

    @Test func timestampOutsideTheJavaScriptDateRangeIsNull() throws {
        #expect(try decodeMessagePack(hex("c7 0c ff 00 00 00 00 00 00 07 db a8 21 80 01")) == .null)
    }

    @Test func timestampOfAnotherLengthIsAnError() {
        #expect(throws: MessagePackDecodingError.invalidTimestampLength(3, offset: 0)) {
            try decodeMessagePack(hex("c7 03 ff 01 02 03"))
        }
    }

    @Test(arguments: [("d4 01 aa", [0xaa]), ("c7 03 05 01 02 03", [1, 2, 3]), ("c7 00 05", [])] as [(String, [UInt8])])
    func otherExtensionsBecomeTheirRawData(_ bytes: String, _ data: [UInt8]) throws {
        #expect(try decodeMessagePack(hex(bytes)) == binary(data))
    }

    @Test(arguments: [
        ("", MessagePackDecodingError.truncated(offset: 0)),
        ("cd 01", .truncated(offset: 0)),
        ("cb 00 00", .truncated(offset: 0)),
        ("d9", .truncated(offset: 0)),
        ("81 a1 61", .truncated(offset: 3)),
        ("c7 01", .truncated(offset: 0)),
        ("a3 61 62", .declaredLengthExceedsInput(length: 3, offset: 0)),
        ("92 01", .declaredLengthExceedsInput(length: 2, offset: 0)),
        ("c4 02 01", .declaredLengthExceedsInput(length: 2, offset: 0)),
        ("d6 ff 00 00", .declaredLengthExceedsInput(length: 4, offset: 0)),
    ])
    func truncatedInputIsAnError(_ bytes: String, _ error: MessagePackDecodingError) {
        #expect(throws: error) { try decodeMessagePack(hex(bytes)) }
    }

    @Test(arguments: ["db", "c6", "dd", "df"])
    func absurdDeclaredLengthFailsBeforeAllocating(_ format: String) {
        #expect(throws: MessagePackDecodingError.declaredLengthExceedsInput(length: 0xffff_ffff, offset: 0)) {
            try decodeMessagePack(hex("\(format) ff ff ff ff 00"))
        }
    }

    @Test func neverUsedByteIsAnError() {
        #expect(throws: MessagePackDecodingError.invalidByte(0xc1, offset: 1)) { try decodeMessagePack(hex("91 c1")) }
    }

    @Test func trailingBytesAreAnError() {
        #expect(throws: MessagePackDecodingError.trailingBytes(offset: 1)) { try decodeMessagePack(hex("c0 c0")) }
    }

    @Test func nestingIsLimitedTo256() throws {
        let limit = MessagePackDecoder.maximumDepth
        #expect(limit == 256)
        let deepest = Array(repeating: UInt8(0x91), count: limit - 1) + [0x90]
        _ = try decodeMessagePack(deepest)
        #expect(throws: MessagePackDecodingError.nestingTooDeep(limit: limit)) {
            try decodeMessagePack([0x91] + deepest)
        }
    }

    @Test func decodesFromTheReaderIndexOfTheBuffer() throws {
        var buffer = ByteBuffer(bytes: [0xff, 0x91, 0xc1, 0x92])
        buffer.moveReaderIndex(forwardBy: 1)
        #expect(throws: MessagePackDecodingError.invalidByte(0xc1, offset: 1)) { try MessagePackDecoder.decode(buffer) }
    }
}
