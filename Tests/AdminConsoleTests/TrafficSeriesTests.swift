import Testing

@testable import AdminConsole

@Suite("TrafficSeries: per-second traffic from aggregatedEvents")
struct TrafficSeriesTests {
    let second = 1_680_796_998

    func counter(_ type: String, _ count: Int, second: Int) -> ServerStats.AggregatedEvent {
        .init(timestampMilliseconds: second * 1000, type: type, subType: nil, count: count)
    }

    @Test func ratesAverageTheWholeSecondsBeforeTheCurrentOne() {
        var series = TrafficSeries()
        series.add([counter("packetsIn", 30, second: second), counter("bytesOut", 1000, second: second - 1)], now: Timestamp(seconds: Double(second)))
        let rates = series.rates(now: Timestamp(seconds: Double(second) + 1.5), window: 10)
        #expect(rates == TrafficRates(packetsIn: 3, packetsOut: 0, bytesIn: 0, bytesOut: 100))
    }

    @Test func theCurrentSecondIsIncompleteAndNotCounted() {
        var series = TrafficSeries()
        series.add([counter("packetsIn", 30, second: second)], now: Timestamp(seconds: Double(second)))
        #expect(series.rates(now: Timestamp(seconds: Double(second) + 0.9)).packetsIn == 0)
    }

    @Test func packetHistoryIsOldestFirstWithZerosForSilence() {
        var series = TrafficSeries()
        series.add([counter("packetsIn", 2, second: second - 3), counter("packetsOut", 1, second: second - 1)], now: Timestamp(seconds: Double(second)))
        #expect(series.packetHistory(now: Timestamp(seconds: Double(second)), count: 4) == [0, 2, 0, 1])
    }

    @Test func connectionsAndUnknownTypesDoNotCountAsPackets() {
        var series = TrafficSeries()
        series.add([counter("rawConnection", 5, second: second), counter("somethingNew", 7, second: second)], now: Timestamp(seconds: Double(second)))
        #expect(series.packetHistory(now: Timestamp(seconds: Double(second + 1)), count: 1) == [0])
        #expect(series.seconds[second]?.connections == 5)
    }

    @Test func secondsOlderThanTwoMinutesAreForgotten() {
        var series = TrafficSeries()
        series.add([counter("packetsIn", 1, second: second)], now: Timestamp(seconds: Double(second)))
        series.add([], now: Timestamp(seconds: Double(second + 121)))
        #expect(series.seconds.isEmpty)
    }
}
