import AdminConsole
import ArgumentParser
import SocketIOProtocol

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A short admin connection for one subcommand: connects, waits for `config` (and the socket
/// list when needed), runs commands, prints JSON, and maps failures to exit codes.
struct OneShotSession {
    /// Exit code when the server cannot be reached or refuses the login.
    static let unreachable = ExitCode(1)
    /// Exit code when the server refuses the command or its target is unknown.
    static let refused = ExitCode(2)

    let link: AdminLink
    private(set) var state = ConsoleState()

    /// Connects to the server of `options` and waits (at most `timeoutSeconds`) for `config`, and for `all_sockets`
    /// when `needsSocketList`.
    static func open(options: AdminConnectionOptions, needsSocketList: Bool,
                     timeoutSeconds: Double = 10) async throws -> OneShotSession {
        let url = options.url
        let link: AdminLink
        do {
            link = try AdminLink(url: url, namespace: options.namespace, credentials: try options.credentials(), inbox: ConsoleInbox())
        } catch let error as ValidationError {
            throw error
        } catch {
            throw fail("cannot use \(url): \(error)", code: unreachable)
        }
        var session = OneShotSession(link: link)
        link.start()
        let deadline = ContinuousClock.now + .seconds(timeoutSeconds)
        while ContinuousClock.now < deadline {
            for input in link.inbox.drain() {
                if case .event(let event) = input { session.state.apply(event, now: Timestamp(seconds: 0)) }
                if case .connection(let status) = input { session.state.connection = status }
            }
            if case .refused(let message) = session.state.connection {
                link.stop()
                throw fail("the server refused the admin login: \(message)", code: unreachable)
            }
            let configured = session.state.connection == .connected && !session.state.features.isEmpty
            if configured, !needsSocketList || session.state.hasSocketList { return session }
            if configured, needsSocketList, !session.state.supports("ALL_EVENTS") {
                link.stop()
                throw fail("the server runs in production mode: it does not list sockets", code: refused)
            }
            try await Task.sleep(for: .milliseconds(20))
        }
        link.stop()
        let what = session.state.connection == .connected ? "its configuration" : "a connection"
        throw fail("no \(what) from \(url)\(options.namespace) within \(Int(timeoutSeconds)) s", code: unreachable)
    }

    /// Sends `command`, prints the server's reply as one JSON line, and throws `refused` when it
    /// was refused.
    func perform(_ command: ConsoleCommand) async throws {
        if let refusal = CommandPlan.refusal(for: command, features: state.features) {
            link.stop()
            print(SocketIOValue.object(["ok": false, "error": .string(refusal)]).jsonString)
            throw Self.fail("\(command.summary): \(refusal)", code: Self.refused)
        }
        let plan = CommandPlan(command, features: state.features)
        let steps = await link.run(plan)
        link.stop()
        let outcome = CommandOutcome(command: command, plan: plan, steps: steps)
        var reply: SocketIOValue = ["ok": .bool(outcome.succeeded), "acknowledged": .bool(false)]
        for step in steps {
            if case .acknowledged(let arguments) = step, let first = arguments.first { reply = first }
        }
        if case .failed(let reason)? = steps.last { reply = ["ok": false, "error": .string(reason)] }
        print(reply.jsonString)
        writeError(outcome.message)
        if !outcome.succeeded { throw Self.refused }
    }

    /// Finds the socket `id`: in `namespace` when given, else in whichever namespace holds it.
    func socket(_ id: String, namespace: String?) throws -> AdminSocket {
        let matches = state.sockets.values.filter { $0.id == id && (namespace == nil || $0.namespace == namespace) }
        guard let socket = matches.first else {
            link.stop()
            throw Self.fail("unknown socket \(id)\(namespace.map { " in \($0)" } ?? "")", code: Self.refused)
        }
        return socket
    }

    /// Prints `message` on stderr and returns `code` to throw.
    static func fail(_ message: String, code: ExitCode) -> ExitCode {
        writeError(message)
        return code
    }
}

/// Writes one line to standard error.
func writeError(_ message: String) {
    let line = message + "\n"
    _ = line.withCString { write(STDERR_FILENO, $0, strlen($0)) }
}
