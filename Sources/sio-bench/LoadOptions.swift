import ArgumentParser

/// Options every network scenario takes.
struct LoadOptions: ParsableArguments {
    @Option(help: "The server, e.g. http://127.0.0.1:3000 (any Socket.IO v5 server with the demo handlers echo/join/chat).")
    var url = "http://127.0.0.1:3000"

    @Option(help: "Clients to connect.")
    var clients = 100

    @Option(help: "How long to send, in seconds.")
    var duration = 10

    @Option(help: "Messages per second in total (echo, polling: acked emits; fanout: broadcasts).")
    var rate = 1000

    @Option(help: "The server's process id, to read its CPU time and resident memory from /proc.")
    var pid: Int32?

    @Option(help: "Clients connecting at once.")
    var connectConcurrency = 100
}
