import NIOCore
import SocketIOProtocol
import Testing

@Suite("SocketIOValue conveniences")
struct SocketIOValueTests {
    @Test func literalsBuildTheMatchingCases() {
        let value: SocketIOValue = ["s": "x", "i": 1, "d": 1.5, "b": true, "a": [.null]]
        #expect(value == .object(SocketIOObject([
            ("s", .string("x")), ("i", .number(1)), ("d", .number(1.5)), ("b", .bool(true)), ("a", .array([.null])),
        ])))
    }

    @Test func accessorsReturnTheirCaseOnly() {
        #expect(SocketIOValue.string("x").stringValue == "x")
        #expect(SocketIOValue.number(2).numberValue == 2)
        #expect(SocketIOValue.bool(true).boolValue == true)
        #expect(SocketIOValue.array([1]).arrayValue == [1])
        #expect(SocketIOValue.object(["a": 1]).objectValue == ["a": 1])
        #expect(bytes(1).binaryValue == ByteBuffer(bytes: [1]))
        #expect(SocketIOValue.null.isNull)
        #expect(SocketIOValue.number(1).stringValue == nil)
        #expect(SocketIOValue.string("1").numberValue == nil)
        #expect(!SocketIOValue.bool(false).isNull)
    }

    @Test func containsBinarySearchesDeeply() {
        #expect(SocketIOValue.array([1, ["a": [bytes(1)]]]).containsBinary)
        #expect(!SocketIOValue.array([1, ["a": ["b"]]]).containsBinary)
    }

    @Test func mapValuesKeepsKeysAndOrder() {
        let object: SocketIOObject = ["b": 1, "a": 2]
        let doubled = object.mapValues { value in .number((value.numberValue ?? 0) * 2) }
        #expect(doubled.keys == ["b", "a"])
        #expect(doubled == ["b": 2, "a": 4])
    }
}
