import NIOCore
import SocketIOProtocol
import Testing

@testable import AdminConsole

@Suite("DisplayFormat: compact figures")
struct DisplayFormatTests {
    @Test func durations() {
        #expect(DisplayFormat.duration(42.9) == "42s")
        #expect(DisplayFormat.duration(192) == "3m12s")
        #expect(DisplayFormat.duration(3720) == "1h02m")
        #expect(DisplayFormat.duration(183_600) == "2d03h")
        #expect(DisplayFormat.duration(-5) == "0s")
    }

    @Test func latencies() {
        #expect(DisplayFormat.latency(0.4) == "0.4ms")
        #expect(DisplayFormat.latency(12.4) == "12ms")
        #expect(DisplayFormat.latency(1234) == "1.2s")
    }

    @Test func byteCountsInPowersOf1024() {
        #expect(DisplayFormat.bytes(512) == "512 B")
        #expect(DisplayFormat.bytes(1536) == "1.5 KB")
        #expect(DisplayFormat.bytes(3.2 * 1024 * 1024) == "3.2 MB")
    }

    @Test func ratesHaveOneDecimalBelowTen() {
        #expect(DisplayFormat.rate(0.35) == "0.4")
        #expect(DisplayFormat.rate(12.6) == "13")
    }

    @Test func payloadsAreCompactJSONWithBinaryAsItsSize() {
        let value: SocketIOValue = ["n": 1, "ok": true, "blob": .binary(ByteBuffer(bytes: [1, 2, 3])), "list": ["a", .null]]
        #expect(DisplayFormat.compact(value) == #"{"n":1,"ok":true,"blob":<3 bytes>,"list":["a",null]}"#)
    }

    @Test func argumentsAreSeparatedByCommas() {
        #expect(DisplayFormat.arguments(["hi", ["n": 1]]) == #""hi", {"n":1}"#)
        #expect(DisplayFormat.arguments([]) == "")
    }
}
