import AdminConsole
import ArgumentParser

/// The live console (the default subcommand).
struct WatchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "watch", abstract: "Open the live console (default).")

    @Argument(help: "The server's URL (or --url; default http://127.0.0.1:3000).")
    var server: String?

    @OptionGroup var connection: AdminConnectionOptions

    func run() throws {
        let url = server ?? connection.url
        let credentials = try connection.credentials()
        let link = try AdminLink(url: url, namespace: connection.namespace, credentials: credentials, inbox: ConsoleInbox())
        var runner = ConsoleRunner(console: Console(serverURL: url, adminNamespace: connection.namespace), link: link)
        runner.run()
    }
}
