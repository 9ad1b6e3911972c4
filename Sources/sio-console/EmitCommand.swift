import AdminConsole
import ArgumentParser
import SocketIOProtocol

/// `sio-console emit EVENT [ARG...]`: emit an event to a socket, a room or a namespace.
struct EmitCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "emit", abstract: "Emit an event; prints the server's reply (with --ack, each target's answer).")

    @Option(name: .customLong("nsp"), help: "The namespace.")
    var namespace = "/"

    @Option(help: "A socket id or a room (default: the whole namespace).")
    var to: String?

    @Flag(help: "Wait for each target's ack (servers announcing X_EMIT).")
    var ack = false

    @Argument(help: "The event name.")
    var event: String

    @Argument(help: "Arguments, each one JSON value (quote strings: '\"hi\"').")
    var arguments: [String] = []

    @OptionGroup var connection: AdminConnectionOptions

    func validate() throws {
        if ConsoleCommand.reservedEvents.contains(event) { throw ValidationError("\"\(event)\" is reserved by Socket.IO") }
        for argument in arguments where (try? SocketIOValue(parsingJSON: argument)) == nil {
            throw ValidationError("not a JSON value: \(argument)")
        }
    }

    func run() async throws {
        let values = try arguments.map { try SocketIOValue(parsingJSON: $0) }
        let session = try await OneShotSession.open(options: connection, needsSocketList: false)
        let target = CommandTargetOption.target(to, namespace: namespace, in: session.state)
        try await session.perform(.emit(target, event: event, arguments: values, waitForAck: ack))
    }
}
