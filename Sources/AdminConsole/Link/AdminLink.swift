import NIOCore
import SocketIOClient
import SocketIOProtocol

/// The console's connection to a server's admin namespace, through the Swift client: admin
/// events and connection changes go to an inbox, commands go out with their acks.
///
/// Reconnects by itself (the client's backoff); the server resends `config` and `all_sockets`
/// after each reconnection.
public final class AdminLink: Sendable {
    /// Where events and results are delivered.
    public let inbox: ConsoleInbox
    private let manager: SocketManager
    private let socket: ClientSocket

    /// A link to `namespace` on the server at `url`; nothing happens before `start()`.
    public init(url: String, namespace: String, credentials: AdminCredentials, inbox: ConsoleInbox) throws {
        var options = SocketIOClientOptions()
        options.reconnectionDelayMax = .seconds(3)
        self.inbox = inbox
        manager = try SocketManager(url: url, options: options)
        socket = manager.socket(namespace, auth: credentials.auth)
    }

    /// Starts connecting; every admin event and connection change is posted to the inbox.
    public func start() {
        let inbox = inbox
        _ = socket.onAny { event in
            inbox.post(.event(AdminEvent(name: event.name, arguments: event.arguments)))
        }
        _ = manager.on { event in
            if case .reconnectAttempt(let attempt) = event {
                inbox.post(.connection(.reconnecting(reason: "", attempt: attempt)))
            }
        }
        let lifecycle = socket.events(bufferSize: 64)
        Task {
            for await event in lifecycle {
                switch event {
                case .connect:
                    inbox.post(.connection(.connected))
                case .disconnect(let reason):
                    inbox.post(.connection(.reconnecting(reason: reason, attempt: 0)))
                case .connectError(.connectError(let message, _)):
                    inbox.post(.connection(.refused(message: message)))
                case .connectError(let error):
                    inbox.post(.connection(.reconnecting(reason: error.description, attempt: 0)))
                case .event:
                    break
                }
            }
        }
        let socket = socket
        Task { try? await socket.connect() }
    }

    /// Sends the steps of `plan` in order (each waiting for its ack when it asks for one) and
    /// posts `commandFinished(id:)` with how each ended; stops at the first failure.
    public func perform(id: Int, plan: CommandPlan) {
        let socket = socket
        let inbox = inbox
        Task {
            inbox.post(.commandFinished(id: id, steps: await Self.run(plan, on: socket)))
        }
    }

    /// Runs `plan` and returns each step's outcome (used by `perform` and the one-shot commands).
    public func run(_ plan: CommandPlan) async -> [StepOutcome] {
        await Self.run(plan, on: socket)
    }

    private static func run(_ plan: CommandPlan, on socket: ClientSocket) async -> [StepOutcome] {
        var outcomes: [StepOutcome] = []
        for step in plan.steps {
            guard socket.connected else {
                outcomes.append(.failed("not connected"))
                break
            }
            do {
                if step.expectsAck {
                    let reply = try await socket.emitWithAck(step.event, arguments: step.arguments,
                                                             timeout: .milliseconds(Int64(plan.ackTimeoutMilliseconds)))
                    outcomes.append(.acknowledged(reply))
                } else {
                    try socket.emit(step.event, arguments: step.arguments)
                    outcomes.append(.sent)
                }
            } catch SocketIOClientError.ackTimeout {
                outcomes.append(.failed("no answer from the server within \(plan.ackTimeoutMilliseconds / 1000) s"))
                break
            } catch {
                outcomes.append(.failed("\(error)"))
                break
            }
        }
        return outcomes
    }

    /// Leaves the admin namespace and closes the connection.
    public func stop() {
        socket.disconnect()
        manager.disconnect()
    }
}
