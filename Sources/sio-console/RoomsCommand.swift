import AdminConsole
import ArgumentParser
import SocketIOProtocol

/// `sio-console rooms --json`: rooms and their members.
struct RoomsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "rooms", abstract: "List the rooms and their members.")

    @Flag(help: "Print one JSON array (the only format; the flag is for scripts that spell it out).")
    var json = false

    @Flag(help: "Include private rooms (each socket's own id).")
    var all = false

    @OptionGroup var connection: AdminConnectionOptions

    func run() async throws {
        let session = try await OneShotSession.open(options: connection, needsSocketList: true)
        session.link.stop()
        let list: [SocketIOValue] = Console.rooms(of: Array(session.state.sockets.values), includingPrivate: all).map { entry in
            ["nsp": .string(entry.namespace), "room": .string(entry.room),
             "members": .array(entry.members.map(SocketIOValue.string))]
        }
        print(SocketIOValue.array(list).jsonString)
    }
}
