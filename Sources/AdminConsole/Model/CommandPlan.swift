import SocketIOProtocol

/// How one `ConsoleCommand` travels to a given server: the extension when the server announces
/// it, the official fallback otherwise (spec §9, fallback column).
public struct CommandPlan: Sendable, Hashable {
    /// The events to send, in order (the link waits for each ack before the next).
    public var steps: [WireCommand]
    /// A caveat the status line shows with the result (`not atomic`, `no ack from this server`).
    public var caveat: String?
    /// How long to wait for the ack of each step, ms.
    public var ackTimeoutMilliseconds: Int

    /// The notify event a kicked client receives before its DISCONNECT, on servers with `X_KICK`.
    public static let kickNotifyEvent = "kicked"
    /// How long a target has to answer an `x_emit` with ack, ms.
    public static let emitAckTimeoutMilliseconds = 5000

    /// Why `command` cannot be sent to a server that announced `features`, or nil when it can.
    ///
    /// A server with `X_COMMAND_ACK` answers every command, refusals included, so it is always
    /// asked. Without it a refusal would be silent (a readonly Node server registers no command
    /// handlers and announces none of the official command flags), so the console checks the flag.
    public static func refusal(for command: ConsoleCommand, features: Set<String>) -> String? {
        if features.isEmpty { return "the server has not sent its configuration yet" }
        if features.contains("X_COMMAND_ACK") { return nil }
        let needed: [String]
        switch command {
        case .emit: needed = ["EMIT"]
        case .join: needed = ["JOIN"]
        case .leave: needed = ["LEAVE"]
        case .move: needed = ["JOIN", "LEAVE"]
        case .kick: needed = ["DISCONNECT"]
        }
        let missing = needed.filter { !features.contains($0) }
        return missing.isEmpty ? nil : "this server does not accept \(missing.joined(separator: " and ")) commands (readonly?)"
    }

    /// The plan for `command` on a server that announced `features`.
    public init(_ command: ConsoleCommand, features: Set<String>) {
        let acked = features.contains("X_COMMAND_ACK")
        let namespace = SocketIOValue.string(command.target.namespace)
        let filter = command.target.filter.map(SocketIOValue.string) ?? .null
        var caveat: String? = acked ? nil : "sent; this server does not acknowledge commands"
        ackTimeoutMilliseconds = 10_000
        switch command {
        case .emit(_, let event, let arguments, let waitForAck):
            if features.contains("X_EMIT") {
                let timeout = Self.emitAckTimeoutMilliseconds
                let options: SocketIOObject = ["ack": .bool(waitForAck), "timeoutMs": .number(Double(timeout))]
                steps = [WireCommand(event: "x_emit", arguments: [namespace, filter, .object(options), .string(event)] + arguments,
                                     expectsAck: true)]
                ackTimeoutMilliseconds = timeout + 5000
            } else {
                steps = [WireCommand(event: "emit", arguments: [namespace, filter, .string(event)] + arguments, expectsAck: acked)]
                if waitForAck { caveat = "this server cannot report acks; emitted without" }
            }
        case .join(_, let room):
            steps = [WireCommand(event: "join", arguments: [namespace, .string(room), filter], expectsAck: acked)]
        case .leave(_, let room):
            steps = [WireCommand(event: "leave", arguments: [namespace, .string(room), filter], expectsAck: acked)]
        case .move(_, let from, let to):
            if features.contains("X_MOVE") {
                steps = [WireCommand(event: "x_move", arguments: [namespace, .string(from), .string(to), filter], expectsAck: true)]
            } else {
                // The official protocol has no move: join the new room first so the socket is never in neither.
                let sameSockets = command.target.filter.map(SocketIOValue.string) ?? .string(from)
                steps = [
                    WireCommand(event: "join", arguments: [namespace, .string(to), sameSockets], expectsAck: acked),
                    WireCommand(event: "leave", arguments: [namespace, .string(from), sameSockets], expectsAck: acked),
                ]
                caveat = "join then leave: not atomic" + (acked ? "" : "; not acknowledged")
            }
        case .kick(let target, let reason, let close):
            if features.contains("X_KICK") {
                var options: SocketIOObject = ["reason": .string(reason), "close": .bool(close), "notify": .string(Self.kickNotifyEvent)]
                if case .namespace = target { options["all"] = .bool(true) }
                steps = [WireCommand(event: "x_kick", arguments: [namespace, filter, .object(options)], expectsAck: true)]
            } else {
                steps = [WireCommand(event: "_disconnect", arguments: [namespace, .bool(close), filter], expectsAck: acked)]
                caveat = "the reason stays in this console" + (acked ? "" : "; not acknowledged")
            }
        }
        self.caveat = caveat
    }
}
