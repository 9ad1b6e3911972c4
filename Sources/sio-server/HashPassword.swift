import ArgumentParser
import SocketIOAdmin

#if canImport(Glibc)
import Glibc
#endif

/// `sio-server hash-password`: reads a password (without echo on a terminal) and prints its
/// bcrypt hash, for `--admin-password-hash`.
struct HashPassword: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hash-password",
        abstract: "Read a password (no echo) and print its bcrypt hash for --admin-password-hash.")

    @Option(help: "bcrypt cost (4-31).")
    var cost = 10

    func run() throws {
        guard (4...31).contains(cost) else { throw ValidationError("--cost must be between 4 and 31") }
        let password = try Self.readPassword(prompt: "Password: ")
        guard !password.isEmpty else { throw ValidationError("empty password") }
        guard let hash = BcryptHash.make(password, cost: cost) else { throw ValidationError("the system's crypt could not make a bcrypt hash") }
        print(hash)
    }

    /// Reads one line from standard input, turning echo off while it is a terminal.
    static func readPassword(prompt: String) throws -> String {
        let isTerminal = isatty(STDIN_FILENO) == 1
        var saved = termios()
        if isTerminal {
            writeToStandardError(prompt)
            tcgetattr(STDIN_FILENO, &saved)
            var quiet = saved
            quiet.c_lflag &= ~tcflag_t(ECHO)
            tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet)
        }
        defer {
            if isTerminal {
                tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved)
                writeToStandardError("\n")
            }
        }
        guard let line = readLine(strippingNewline: true) else { throw ValidationError("no password on standard input") }
        return line
    }
}

/// Writes to standard error (the prompt, so standard output holds only the hash).
private func writeToStandardError(_ text: String) {
    var bytes = Array(text.utf8)
    _ = write(STDERR_FILENO, &bytes, bytes.count)
}

/// Reads the process environment.
enum ProcessEnvironment {
    static func value(of name: String) -> String? {
        getenv(name).map { String(cString: $0) }
    }
}
