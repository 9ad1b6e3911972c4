import AdminConsole
import ArgumentParser

/// `sio-console kick SOCKET`: disconnect a socket with a reason.
struct KickCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "kick", abstract: "Disconnect a socket.")

    @Option(name: .customLong("nsp"), help: "The socket's namespace (default: wherever the id is found).")
    var namespace: String?

    @Option(help: "Why (the client gets it in a \"kicked\" event first, on servers announcing X_KICK).")
    var reason = "kicked by an operator"

    @Flag(help: "Close the client's whole connection, not just this namespace.")
    var close = false

    @Argument(help: "The socket id.")
    var socket: String

    @OptionGroup var connection: AdminConnectionOptions

    func run() async throws {
        let session = try await OneShotSession.open(options: connection, needsSocketList: true)
        let found = try session.socket(socket, namespace: namespace)
        try await session.perform(.kick(.socket(found.key), reason: reason, close: close))
    }
}
