import SocketIOProtocol

/// An operator's command, before it is turned into admin-protocol events.
public enum ConsoleCommand: Sendable, Hashable {
    /// Emit `event` with `arguments`; wait for each target's ack when `waitForAck`.
    case emit(CommandTarget, event: String, arguments: [SocketIOValue], waitForAck: Bool)
    /// Make the targets join `room`.
    case join(CommandTarget, room: String)
    /// Make the targets leave `room`.
    case leave(CommandTarget, room: String)
    /// Move the targets from one room to another.
    case move(CommandTarget, from: String, to: String)
    /// Disconnect the targets; `close` ends their whole connection, not just this namespace.
    case kick(CommandTarget, reason: String, close: Bool)

    /// Event names no command may emit (they are Socket.IO's own, and throw inside a Node server).
    public static let reservedEvents: Set<String> = [
        "connect", "connect_error", "disconnect", "disconnecting", "newListener", "removeListener",
    ]

    /// The target of the command.
    public var target: CommandTarget {
        switch self {
        case .emit(let target, _, _, _), .join(let target, _), .leave(let target, _), .move(let target, _, _),
             .kick(let target, _, _):
            target
        }
    }

    /// What the status line says while it runs: `emit ping → socket AbC…`.
    public var summary: String {
        switch self {
        case .emit(let target, let event, _, let waitForAck): "emit \(event)\(waitForAck ? " (ack)" : "") → \(target.label)"
        case .join(let target, let room): "join \(room) ← \(target.label)"
        case .leave(let target, let room): "leave \(room) ← \(target.label)"
        case .move(let target, let from, let to): "move \(target.label): \(from) → \(to)"
        case .kick(let target, let reason, _): "kick \(target.label) (\(reason))"
        }
    }
}
