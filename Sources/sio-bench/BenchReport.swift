/// One scenario's figures, printed as one line of JSON (keys in a fixed order; absent ones left out).
struct BenchReport {
    var scenario: String
    var clients: Int
    var seconds: Double
    var sendingSeconds: Double?
    var deliveriesPerSecond: Double?
    var handshakesPerSecond: Double?
    var ackRatePerSecond: Double?
    var latency: LatencyRecorder?
    var rssPerClientKB: Double?
    var serverCpuUsPerDelivery: Double?
    var errors: Int

    /// What the JSON's figures mean, for the scenarios' help.
    static let fieldsHelp = """
        Prints one line of JSON. seconds: connect: the time the handshakes took; the others: the \
        sending plus the wait for late deliveries (until 200 ms pass without one, at most 5 s). \
        sendingSeconds: the offered window, --duration (longer only when the generator fell behind \
        its schedule). deliveriesPerSecond, ackRatePerSecond: what arrived (deliveries, or acks) \
        during the sending and the wait, divided by sendingSeconds. handshakesPerSecond: successful \
        handshakes over seconds. rssPerClientKB: the server's resident memory growth per client, \
        read 2 s after the last handshake. serverCpuUsPerDelivery: the server's CPU time over the \
        sending and the wait, per delivery. p50Ms, p99Ms, p999Ms: latency from the sender's clock \
        to the receiver's. errors: failed connects, connections lost during the run, and acks that \
        timed out (10 s).
        """

    var json: String {
        var fields: [String] = [#""scenario":"\#(scenario)""#, #""clients":\#(clients)"#, #""seconds":\#(Self.format(seconds))"#]
        if let sendingSeconds { fields.append(#""sendingSeconds":\#(Self.format(sendingSeconds))"#) }
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
