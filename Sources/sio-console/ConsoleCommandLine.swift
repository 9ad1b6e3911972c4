import ArgumentParser

/// `sio-console`: the terminal admin console, and one-shot admin commands for scripts.
@main
struct ConsoleCommandLine: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sio-console",
        abstract: "Watch and steer a Socket.IO server through its admin namespace.",
        discussion: """
            Without a subcommand, opens the live console on URL (default http://127.0.0.1:3000).
            The one-shot subcommands print JSON and exit with 0 on success, 1 when the server cannot
            be reached or refuses the login, 2 when it refuses the command (or its target is unknown).
            """,
        subcommands: [WatchCommand.self, SocketsCommand.self, RoomsCommand.self, EmitCommand.self, KickCommand.self,
                      MoveCommand.self],
        defaultSubcommand: WatchCommand.self
    )
}
