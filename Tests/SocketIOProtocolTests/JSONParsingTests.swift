import NIOCore
import SocketIOProtocol
import Testing

@Suite("JSON parsing (JSON.parse compatible)")
struct JSONParsingTests {
    @Test func keepsObjectKeyOrder() throws {
        let value = try json(#"{"z":1,"a":2,"3":[true]}"#)
        #expect(value.objectValue?.keys == ["z", "a", "3"])
    }

    @Test func keepsTrueApartFromOne() throws {
        #expect(try json("[true,1,false,0]") == .array([.bool(true), .number(1), .bool(false), .number(0)]))
    }

    @Test(arguments: [#""x""#, "true", "false", "null", "3", "-2.5", "[]", "{}"])
    func acceptsAnyValueAtTopLevel(_ text: String) throws {
        #expect(try json(text).jsonString == text)
    }

    @Test func acceptsWhitespaceWhereJSONAllows() throws {
        #expect(try json(" \t\r\n[ 1 ,\n{ \"a\" : null } ] \n") == [1, ["a": .null]])
    }

    @Test func repeatedKeyKeepsFirstPositionAndLastValue() throws {
        let value = try json(#"{"a":1,"b":2,"a":3}"#)
        #expect(value == ["a": 3, "b": 2])
        #expect(value.objectValue?.keys == ["a", "b"])
    }

    @Test func repeatedKeyInLargeObjectKeepsFirstPositionAndLastValue() throws {
        let members = (0..<40).map { #""k\#($0)":\#($0)"# }.joined(separator: ",")
        let value = try json("{\(members),\"k3\":\"last\"}")
        #expect(value.objectValue?.count == 40)
        #expect(value.objectValue?.keys.prefix(4) == ["k0", "k1", "k2", "k3"])
        #expect(value.objectValue?["k3"] == "last")
    }

    @Test func decodesSimpleEscapes() throws {
        #expect(try json(#""\"\\\/\b\f\n\r\t""#) == .string("\"\\/\u{8}\u{C}\n\r\t"))
    }

    @Test func decodesPythonStyleUnicodeEscapes() throws {
        #expect(try json(#""caf\u00e9 \u20AC""#) == "café €")
    }

    @Test func decodesSurrogatePairEscapes() throws {
        #expect(try json(#""\ud83d\ude00""#) == "😀")
    }

    @Test(arguments: [
        (#""\ud800""#, "\u{FFFD}"),
        (#""\udc00""#, "\u{FFFD}"),
        (#""\ud800x""#, "\u{FFFD}x"),
        (#""\ud800\u0041""#, "\u{FFFD}A"),
        (#""\ud800\ud83d\ude00""#, "\u{FFFD}😀"),
    ])
    func loneSurrogateBecomesReplacementCharacter(_ text: String, _ expected: String) throws {
        #expect(try json(text) == .string(expected))
    }

    @Test func keepsRawNonASCII() throws {
        #expect(try json(#"["é","😀","\#u{2028}"]"#) == ["é", "😀", "\u{2028}"])
    }

    @Test(arguments: [
        ("0", 0.0), ("-0", -0.0), ("1", 1), ("-12", -12), ("0.1", 0.1), ("1E2", 100), ("1e-2", 0.01),
        ("2.5e+3", 2500), ("9007199254740993", 9007199254740992), ("123456789012345678901", 0x1.ac53a7e04bcdap+66),
        ("0.30000000000000004", 0.30000000000000004), ("5e-324", .leastNonzeroMagnitude), ("1.7976931348623157e308", .greatestFiniteMagnitude),
        ("1e400", .infinity), ("-1e400", -.infinity), ("1e-400", 0), ("0.000000000000000000000000001", 1e-27),
    ])
    func parsesNumbersAsJavaScriptDoes(_ text: String, _ expected: Double) throws {
        let number = try #require(try json(text).numberValue)
        #expect(number == expected)
        #expect(number.sign == expected.sign)
    }

    @Test func acceptsNestingUpToTheLimit() throws {
        let text = String(repeating: "[", count: 256) + String(repeating: "]", count: 256)
        #expect(try json(text).jsonString == text)
    }

    @Test func rejectsNestingBeyondTheLimit() {
        let text = String(repeating: "[", count: 257) + String(repeating: "]", count: 257)
        #expect(throws: JSONDecodingError.nestingTooDeep(limit: 256)) { try SocketIOValue(parsingJSON: text) }
    }

    @Test func rejectsDeepNestingWithoutExhaustingTheStack() {
        let text = String(repeating: #"{"a":["#, count: 100_000)
        #expect(throws: JSONDecodingError.nestingTooDeep(limit: 256)) { try SocketIOValue(parsingJSON: text) }
    }

    @Test(arguments: [
        ("", JSONDecodingError.unexpectedEndOfInput),
        ("  ", .unexpectedEndOfInput),
        ("[1,2", .unexpectedEndOfInput),
        (#""abc"#, .unexpectedEndOfInput),
        ("tru", .unexpectedEndOfInput),
        ("1 2", .trailingCharacters(offset: 2)),
        (#"["a"]trailing"#, .trailingCharacters(offset: 5)),
        ("[1,]", .unexpectedCharacter(UInt8(ascii: "]"), offset: 3)),
        (#"{"a":1,}"#, .unexpectedCharacter(UInt8(ascii: "}"), offset: 7)),
        ("{a:1}", .unexpectedCharacter(UInt8(ascii: "a"), offset: 1)),
        ("'a'", .unexpectedCharacter(UInt8(ascii: "'"), offset: 0)),
        ("NaN", .unexpectedCharacter(UInt8(ascii: "N"), offset: 0)),
        ("+1", .unexpectedCharacter(UInt8(ascii: "+"), offset: 0)),
        (".5", .unexpectedCharacter(UInt8(ascii: "."), offset: 0)),
        ("truth", .unexpectedCharacter(UInt8(ascii: "t"), offset: 3)),
        ("01", .trailingCharacters(offset: 1)),
        ("-", .invalidNumber(offset: 0)),
        ("-a", .invalidNumber(offset: 0)),
        ("1.", .invalidNumber(offset: 0)),
        ("1.e5", .invalidNumber(offset: 0)),
        ("1e", .invalidNumber(offset: 0)),
        ("1e+", .invalidNumber(offset: 0)),
        (#""\x""#, .invalidEscape(offset: 1)),
        (#""\u12G4""#, .invalidEscape(offset: 1)),
        ("\"a\u{9}b\"", .controlCharacterInString(offset: 2)),
        ("\"a\\n\u{1}\"", .controlCharacterInString(offset: 4)),
    ])
    func rejectsWhatJSONParseRejects(_ text: String, _ error: JSONDecodingError) {
        #expect(throws: error) { try SocketIOValue(parsingJSON: text) }
    }

    @Test func rejectsInvalidUTF8() {
        #expect(throws: JSONDecodingError.invalidUTF8(offset: 2)) {
            try SocketIOValue(parsingJSON: [UInt8(ascii: "["), UInt8(ascii: "\""), 0xFF, UInt8(ascii: "\""), UInt8(ascii: "]")])
        }
    }

    @Test func parsesNonContiguousBytes() throws {
        let bytes = Array(#"{"a":[1,"b"]}"#.utf8)
        #expect(try SocketIOValue(parsingJSON: bytes.lazy.map { $0 }) == ["a": [1, "b"]])
    }

    @Test func parsesByteBufferViewNotStartingAtZero() throws {
        var buffer = ByteBuffer(string: "xx[1]yy")
        buffer.moveReaderIndex(forwardBy: 2)
        buffer.moveWriterIndex(to: 5)
        #expect(try SocketIOValue(parsingJSON: buffer.readableBytesView) == [1])
    }
}
