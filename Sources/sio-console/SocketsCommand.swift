import AdminConsole
import ArgumentParser
import SocketIOProtocol

/// `sio-console sockets --json`: the connected sockets.
struct SocketsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "sockets", abstract: "List the connected sockets.")

    @Flag(help: "Print one JSON array (the only format; the flag is for scripts that spell it out).")
    var json = false

    @Option(help: "Only sockets matching this filter (as typed after / in the console).")
    var filter: String?

    @OptionGroup var connection: AdminConnectionOptions

    func run() async throws {
        let session = try await OneShotSession.open(options: connection, needsSocketList: true)
        session.link.stop()
        let query = FilterQuery(filter ?? "")
        let sockets = session.state.sockets.values.filter { query.matches($0.searchableFields) }.sorted { $0.key < $1.key }
        let list: [SocketIOValue] = sockets.map { socket in
            var object: SocketIOObject = [
                "id": .string(socket.id), "clientId": .string(socket.clientId), "nsp": .string(socket.namespace),
                "transport": .string(socket.transport), "address": .string(socket.address),
                "rooms": .array(socket.rooms.map(SocketIOValue.string)), "data": socket.data,
            ]
            if let connectedAt = socket.connectedAt { object["connectedAt"] = .number((connectedAt.seconds * 1000).rounded()) }
            return .object(object)
        }
        print(SocketIOValue.array(list).jsonString)
    }
}
