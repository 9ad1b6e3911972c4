import AdminConsole
import ArgumentParser

/// `sio-console move SOCKET --from A --to B`: move a socket between rooms.
struct MoveCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "move", abstract: "Move a socket from one room to another.")

    @Option(name: .customLong("nsp"), help: "The socket's namespace (default: wherever the id is found).")
    var namespace: String?

    @Option(help: "The room it leaves.")
    var from: String

    @Option(help: "The room it joins.")
    var to: String

    @Argument(help: "The socket id.")
    var socket: String

    @OptionGroup var connection: AdminConnectionOptions

    func validate() throws {
        if from == to { throw ValidationError("--from and --to name the same room") }
    }

    func run() async throws {
        let session = try await OneShotSession.open(options: connection, needsSocketList: true)
        let found = try session.socket(socket, namespace: namespace)
        try await session.perform(.move(.socket(found.key), from: from, to: to))
    }
}
