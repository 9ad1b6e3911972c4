import NIOCore
import SocketIOCluster
import SocketIOProtocol
import Testing

@Suite("MessagePack encoding (as @msgpack/msgpack 2.8)")
struct MessagePackEncodingTests {
    @Test(arguments: [
        (0, "00"), (127, "7f"), (128, "cc 80"), (255, "cc ff"), (256, "cd 01 00"), (65535, "cd ff ff"),
        (65536, "ce 00 01 00 00"), (4_294_967_295, "ce ff ff ff ff"), (4_294_967_296, "cf 00 00 00 01 00 00 00 00"),
        (9_007_199_254_740_991, "cf 00 1f ff ff ff ff ff ff"),
        (-1, "ff"), (-32, "e0"), (-33, "d0 df"), (-128, "d0 80"), (-129, "d1 ff 7f"), (-32768, "d1 80 00"),
        (-32769, "d2 ff ff 7f ff"), (-2_147_483_648, "d2 80 00 00 00"),
        (-2_147_483_649, "d3 ff ff ff ff 7f ff ff ff"), (-9_007_199_254_740_991, "d3 ff e0 00 00 00 00 00 01"),
    ] as [(Double, String)])
    func safeIntegersTakeTheSmallestIntegerFormat(_ number: Double, _ expected: String) {
        #expect(messagePack(.number(number)) == hex(expected))
    }

    @Test(arguments: [
        (0.5, "cb 3f e0 00 00 00 00 00 00"),
        (9_007_199_254_740_992, "cb 43 40 00 00 00 00 00 00"),
        (-9_007_199_254_740_992, "cb c3 40 00 00 00 00 00 00"),
        (.infinity, "cb 7f f0 00 00 00 00 00 00"),
    ] as [(Double, String)])
    func otherNumbersAreFloat64(_ number: Double, _ expected: String) {
        #expect(messagePack(.number(number)) == hex(expected))
    }

    @Test func negativeZeroIsTheIntegerZero() {
        #expect(messagePack(.number(-0.0)) == [0x00])
    }

    @Test func nullAndBooleans() {
        #expect(messagePack([.null, false, true]) == hex("93 c0 c2 c3"))
    }

    @Test(arguments: [
        (0, [0xa0]), (31, [0xbf]), (32, [0xd9, 32]), (255, [0xd9, 0xff]), (256, [0xda, 0x01, 0x00]),
        (65535, [0xda, 0xff, 0xff]), (65536, [0xdb, 0x00, 0x01, 0x00, 0x00]),
    ] as [(Int, [UInt8])])
    func stringHeaderFollowsTheUTF8Length(_ length: Int, _ header: [UInt8]) {
        let encoded = messagePack(.string(String(repeating: "x", count: length)))
        #expect(Array(encoded.prefix(header.count)) == header)
        #expect(encoded.count == header.count + length)
    }

    @Test func stringLengthCountsUTF8BytesNotCharacters() {
        #expect(messagePack(.string(String(repeating: "é", count: 16))).prefix(2) == [0xd9, 32])
    }

    @Test(arguments: [
        (0, [0xc4, 0x00]), (255, [0xc4, 0xff]), (256, [0xc5, 0x01, 0x00]), (65535, [0xc5, 0xff, 0xff]),
        (65536, [0xc6, 0x00, 0x01, 0x00, 0x00]),
    ] as [(Int, [UInt8])])
    func binaryIsBin8Bin16OrBin32(_ length: Int, _ header: [UInt8]) {
        let encoded = messagePack(binary(Array(repeating: 7, count: length)))
        #expect(Array(encoded.prefix(header.count)) == header)
        #expect(encoded.count == header.count + length)
    }

    @Test(arguments: [(15, [0x9f]), (16, [0xdc, 0x00, 0x10]), (65536, [0xdd, 0x00, 0x01, 0x00, 0x00])] as [(Int, [UInt8])])
    func arrayHeaderIsFixArrayArray16OrArray32(_ count: Int, _ header: [UInt8]) {
        let encoded = messagePack(.array(Array(repeating: .null, count: count)))
        #expect(Array(encoded.prefix(header.count)) == header)
        #expect(encoded.count == header.count + count)
    }

    @Test(arguments: [(15, [0x8f]), (16, [0xde, 0x00, 0x10])] as [(Int, [UInt8])])
    func mapHeaderIsFixMapOrMap16(_ count: Int, _ header: [UInt8]) {
        let object = SocketIOObject((0..<count).map { ("k\($0)", .null) })
        #expect(Array(messagePack(.object(object)).prefix(header.count)) == header)
    }

    @Test func mapKeysKeepTheirOrder() {
        #expect(messagePack(["z": 1, "a": 2]) == hex("82 a1 7a 01 a1 61 02"))
    }
}
