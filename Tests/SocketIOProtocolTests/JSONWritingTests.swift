import NIOCore
import SocketIOProtocol
import Testing

@Suite("JSON writing (JSON.stringify compatible)")
struct JSONWritingTests {
    @Test(arguments: [
        (1.0, "1"), (-0.0, "0"), (0, "0"), (-1, "-1"), (100, "100"), (0.1, "0.1"), (-2.5, "-2.5"),
        (12345.678, "12345.678"), (0.30000000000000004, "0.30000000000000004"),
        (9007199254740992, "9007199254740992"), (1e16, "10000000000000000"),
        (18446744073709551616, "18446744073709552000"), (1e20, "100000000000000000000"),
        (0x1.ac53a7e04bcdap+66, "123456789012345680000"), (1e21, "1e+21"), (1.5e21, "1.5e+21"),
        (-1e21, "-1e+21"), (1.7976931348623157e308, "1.7976931348623157e+308"),
        (0.000001, "0.000001"), (0.000123, "0.000123"), (1.2345e-5, "0.000012345"),
        (1e-7, "1e-7"), (1.5e-7, "1.5e-7"), (-1e-7, "-1e-7"), (.leastNonzeroMagnitude, "5e-324"),
        (.nan, "null"), (.infinity, "null"), (-.infinity, "null"),
    ])
    func writesNumbersAsJavaScriptPrintsThem(_ number: Double, _ expected: String) {
        #expect(SocketIOValue.number(number).jsonString == expected)
    }

    @Test func writesCompactlyWithKeysInOrder() {
        let value: SocketIOValue = ["z": [1, "a", true, .null], "a": ["b": false]]
        #expect(value.jsonString == #"{"z":[1,"a",true,null],"a":{"b":false}}"#)
    }

    @Test func doesNotEscapeSlashOrNonASCII() {
        #expect(SocketIOValue.string("a/b é 😀 \u{2028} \u{7F}").jsonString == "\"a/b é 😀 \u{2028} \u{7F}\"")
    }

    @Test func escapesQuoteBackslashAndControlCharacters() {
        let value = SocketIOValue.string("\"\\\u{8}\u{C}\n\r\t\u{0}\u{1}\u{1F}")
        #expect(value.jsonString == #""\"\\\b\f\n\r\t\u0000\u0001\u001f""#)
    }

    @Test func writesEscapesBetweenRunsOfPlainText() {
        #expect(SocketIOValue.string("ab\ncd\"ef").jsonString == #""ab\ncd\"ef""#)
    }

    @Test func escapesObjectKeys() {
        #expect(SocketIOValue.object(["a\"b": 1]).jsonString == #"{"a\"b":1}"#)
    }

    @Test func writesStrayBinaryAsNull() {
        #expect(SocketIOValue.array([bytes(1, 2), "x"]).jsonString == #"[null,"x"]"#)
    }

    @Test func appendsToAnExistingBuffer() {
        var buffer = ByteBuffer(string: "42")
        SocketIOValue.array(["hi"]).writeJSON(into: &buffer)
        #expect(String(buffer: buffer) == #"42["hi"]"#)
    }

    @Test(arguments: [
        #"{"3":[true]}"#, #"[1,"2",{"3":[false]}]"#, #"{"_placeholder":true,"num":0}"#,
        #"{"b":1,"a":{"d":[],"c":{}}}"#, #"["é/x",-1.5,1e+21]"#,
    ])
    func echoedJSONKeepsItsBytes(_ text: String) throws {
        #expect(try json(text).jsonString == text)
    }

    @Test func echoesPythonStyleEscapesAsRawUTF8() throws {
        #expect(try json(#"["caf\u00e9"]"#).jsonString == #"["café"]"#)
    }
}
