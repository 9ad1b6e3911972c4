/// One scenario's figures, printed as one line of JSON (keys in a fixed order; absent ones left out).
struct BenchReport {
    var scenario: String
    var clients: Int
    var seconds: Double
    var deliveriesPerSecond: Double?
    var handshakesPerSecond: Double?
    var ackRatePerSecond: Double?
    var latency: LatencyRecorder?
    var rssPerClientKB: Double?
    var serverCpuUsPerDelivery: Double?
    var errors: Int

    var json: String {
        var fields: [String] = [#""scenario":"\#(scenario)""#, #""clients":\#(clients)"#, #""seconds":\#(Self.format(seconds))"#]
        if let deliveriesPerSecond { fields.append(#""deliveriesPerSecond":\#(Self.format(deliveriesPerSecond))"#) }
        if let handshakesPerSecond { fields.append(#""handshakesPerSecond":\#(Self.format(handshakesPerSecond))"#) }
        if let ackRatePerSecond { fields.append(#""ackRatePerSecond":\#(Self.format(ackRatePerSecond))"#) }
        if let latency, latency.count > 0 {
            fields.append(#""p50Ms":\#(Self.format(latency.milliseconds(atPercentile: 50)))"#)
            fields.append(#""p99Ms":\#(Self.format(latency.milliseconds(atPercentile: 99)))"#)
            fields.append(#""p999Ms":\#(Self.format(latency.milliseconds(atPercentile: 99.9)))"#)
        }
        if let rssPerClientKB { fields.append(#""rssPerClientKB":\#(Self.format(rssPerClientKB))"#) }
        if let serverCpuUsPerDelivery { fields.append(#""serverCpuUsPerDelivery":\#(Self.format(serverCpuUsPerDelivery))"#) }
        fields.append(#""errors":\#(errors)"#)
        return "{" + fields.joined(separator: ",") + "}"
    }

    private static func format(_ value: Double) -> String {
        String((value * 1000).rounded() / 1000)
    }
}
