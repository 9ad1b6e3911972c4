import ArgumentParser

/// `sio-bench`: measurements of this server. Scenarios are subcommands; each prints one line of
/// JSON with its figures (so scripts can compare runs) after a human-readable summary.
@main
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sio-bench",
        abstract: "Benchmarks for the Swift Socket.IO server.",
        subcommands: [ConnectScenario.self, FanoutScenario.self, EchoScenario.self, PollingScenario.self, AdminOverhead.self])
}
