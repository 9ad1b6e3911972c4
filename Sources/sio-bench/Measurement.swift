/// Drives a load at a fixed rate: message number k (from 0) is due k / rate seconds after the
/// start, and every tick (10 ms) what is due is sent, so exactly rate × duration messages go out
/// over the `duration` seconds of sending (the offered window). Then waits for what is in flight
/// (until 200 ms pass without a delivery, at most 5 s) and reads the server's CPU over the whole.
enum Measurement {
    /// How often the messages due are sent.
    static let tick: Duration = .milliseconds(10)

    struct Outcome {
        /// The seconds of sending: `duration`; longer when the generator fell more than a tick
        /// behind its schedule (then until the last message was sent, less a tick).
        var sendingSeconds: Double
        /// The seconds of sending plus the wait for late deliveries.
        var seconds: Double
        /// Deliveries during the sending and the wait.
        var delivered: Int
        var serverCpuUsPerDelivery: Double?

        /// Deliveries per second of sending (late ones included, the wait for them not).
        var deliveredPerSecondOfSending: Double { Double(delivered) / sendingSeconds }
    }

    static func run(load: LoadOptions, send: @escaping @Sendable (_ count: Int) -> Void,
                    delivered: @escaping @Sendable () -> Int) async throws -> Outcome {
        let server = load.pid.map(ServerProcess.init)
        let cpuStart = server?.cpuMicroseconds()
        let deliveredBefore = delivered()
        let clock = ContinuousClock()
        let start = clock.now
        let total = load.rate * load.duration
        var sent = 0
        var ticks = 0
        while true {
            let due = min(total, messagesDue(after: clock.now - start, rate: load.rate))
            send(due - sent)
            sent = due
            if sent == total { break }
            ticks += 1
            try await Task.sleep(until: start + tick * ticks, clock: clock)
        }
        let sendingSeconds = max(Double(load.duration), (clock.now - start - tick).seconds)
        try await Task.sleep(until: start + .seconds(load.duration), clock: clock)
        var previous = -1
        while delivered() != previous, clock.now - start < .seconds(load.duration + 5) {
            previous = delivered()
            try await Task.sleep(for: .milliseconds(200))
        }
        let seconds = (clock.now - start).seconds
        let count = delivered() - deliveredBefore
        var cpuPerDelivery: Double?
        if let cpuStart, let cpuEnd = server?.cpuMicroseconds(), count > 0 {
            cpuPerDelivery = (cpuEnd - cpuStart) / Double(count)
        }
        return Outcome(sendingSeconds: sendingSeconds, seconds: seconds, delivered: count, serverCpuUsPerDelivery: cpuPerDelivery)
    }

    /// How many messages are due `elapsed` after the start at `rate` a second: those numbered k
    /// with k / rate ≤ elapsed, counted in integers so none is lost to rounding.
    static func messagesDue(after elapsed: Duration, rate: Int) -> Int {
        let (seconds, attoseconds) = elapsed.components
        let nanoseconds = Int(attoseconds / 1_000_000_000)
        return Int(seconds) * rate + nanoseconds * rate / 1_000_000_000 + 1
    }
}
