import SocketIOProtocol
import Testing

@testable import AdminConsole

@Suite("Timestamp: lenient ISO-8601 (spec §2.1, §7)")
struct TimestampTests {
    @Test func parsesJavaScriptToJSONDates() {
        #expect(Timestamp(iso: "2023-04-06T16:03:18.123Z")?.seconds == 1_680_796_998.123)
    }

    @Test func parsesPythonIsoformatWithMicrosecondsAndZeroOffset() throws {
        let seconds = try #require(Timestamp(iso: "2023-04-06T16:03:18.123456+00:00")?.seconds)
        #expect(abs(seconds - 1_680_796_998.123456) < 0.000_01)
    }

    @Test func parsesDatesWithoutFraction() {
        #expect(Timestamp(iso: "2023-04-06T16:03:18Z")?.seconds == 1_680_796_998)
    }

    @Test func appliesPositiveAndNegativeOffsets() {
        #expect(Timestamp(iso: "2023-04-06T18:03:18+02:00")?.seconds == 1_680_796_998)
        #expect(Timestamp(iso: "2023-04-06T10:33:18-05:30")?.seconds == 1_680_796_998)
    }

    @Test func acceptsAnOffsetWithoutColon() {
        #expect(Timestamp(iso: "2023-04-06T18:03:18.000+0200")?.seconds == 1_680_796_998)
    }

    @Test func countsLeapDays() {
        #expect(Timestamp(iso: "2024-02-29T00:00:00Z")?.seconds == 1_709_164_800)
    }

    @Test(arguments: ["", "Thu Apr 06 2023 18:03:18 GMT+0200 (Central European Summer Time)", "2023-13-01T00:00:00Z",
                      "2023-04-06T16:03", "2023-04-06T16:03:18 UTC"])
    func rejectsTextThatIsNotADate(_ text: String) {
        #expect(Timestamp(iso: text) == nil)
    }

    @Test func readsANumberArgumentAsEpochMilliseconds() {
        #expect(Timestamp(SocketIOValue.number(1_680_796_998_123))?.seconds == 1_680_796_998.123)
        #expect(Timestamp(SocketIOValue.string("2023-04-06T16:03:18.123Z"))?.seconds == 1_680_796_998.123)
        #expect(Timestamp(SocketIOValue.null) == nil)
    }

    @Test func clockTextIsShiftedToTheOperatorsZone() {
        let moment = Timestamp(seconds: 1_680_796_998.9)
        #expect(moment.clockText(utcOffset: 0) == "16:03:18")
        #expect(moment.clockText(utcOffset: 7200) == "18:03:18")
        #expect(Timestamp(seconds: 3600).clockText(utcOffset: -7200) == "23:00:00")
    }
}
