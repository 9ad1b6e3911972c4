import AdminConsole
import ArgumentParser

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How to reach and log in to the admin namespace (shared by every subcommand).
struct AdminConnectionOptions: ParsableArguments {
    @Option(help: "The server's URL.")
    var url = "http://127.0.0.1:3000"

    @Option(name: .long, help: "The admin namespace.")
    var namespace = "/admin"

    @Option(name: .long, help: "Admin user name (omit when the server has no authentication).")
    var username: String?

    @Option(name: .long, help: "Admin password; else $SIO_ADMIN_PASSWORD; else asked for without echo when --username is given.")
    var password: String?

    /// The credentials: the password from the flag, the environment, or a prompt on the terminal.
    func credentials() throws -> AdminCredentials {
        guard let username else { return AdminCredentials() }
        if let password { return AdminCredentials(username: username, password: password) }
        if let fromEnvironment = getenv("SIO_ADMIN_PASSWORD") {
            return AdminCredentials(username: username, password: String(cString: fromEnvironment))
        }
        guard let typed = PasswordPrompt.read("Password for \(username): ") else {
            throw ValidationError("no password: pass --password, set SIO_ADMIN_PASSWORD, or run on a terminal")
        }
        return AdminCredentials(username: username, password: typed)
    }
}
