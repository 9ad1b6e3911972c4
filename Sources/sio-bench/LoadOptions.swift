import ArgumentParser
import NIOCore

/// Options every network scenario takes.
struct LoadOptions: ParsableArguments {
    /// How long an ack (echo, polling, fanout's join) may take before it counts as an error.
    static let ackTimeout: TimeAmount = .seconds(10)

    @Option(help: "The server, e.g. http://127.0.0.1:3000 (any Socket.IO v5 server with the demo handlers echo/join/chat).")
    var url = "http://127.0.0.1:3000"

    @Option(help: "Clients to connect.")
    var clients = 100

    @Option(help: "How long to send, in seconds: the offered window that per-second figures divide by.")
    var duration = 10

    @Option(help: "Messages per second in total (echo, polling: acked emits; fanout: broadcasts); exactly rate × duration are sent.")
    var rate = 1000

    @Option(help: "The server's process id, to read its CPU time and resident memory from /proc.")
    var pid: Int32?

    @Option(help: "Clients connecting at once.")
    var connectConcurrency = 100

    @Option(help: ArgumentHelp(
        "Local addresses the clients connect from when the server is on 127.x.x.x: 127.0.0.1 … 127.0.0.N, client i from address i % N (1: the system chooses).",
        discussion: "Each local address has its own range of ephemeral ports, so N addresses allow about N times the connections to one server port."))
    var sourceAddresses = 4

    func validate() throws {
        guard clients >= 1 else { throw ValidationError("--clients must be at least 1") }
        guard duration >= 1 else { throw ValidationError("--duration must be at least 1") }
        guard rate >= 1 else { throw ValidationError("--rate must be at least 1") }
        guard connectConcurrency >= 1 else { throw ValidationError("--connect-concurrency must be at least 1") }
        guard (1...254).contains(sourceAddresses) else { throw ValidationError("--source-addresses must be 1…254") }
    }
}
