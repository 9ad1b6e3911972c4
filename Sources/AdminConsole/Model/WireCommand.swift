import SocketIOProtocol

/// One event the console sends to the admin namespace, and whether it asks for an ack.
public struct WireCommand: Sendable, Hashable {
    /// The admin event name (`join`, `x_move`, …).
    public var event: String
    /// Its arguments.
    public var arguments: [SocketIOValue]
    /// Whether to attach an ack: only when the server announced `X_COMMAND_ACK` (spec §3.2: an ack
    /// on an official command sent to Node changes its meaning).
    public var expectsAck: Bool

    /// A command event.
    public init(event: String, arguments: [SocketIOValue], expectsAck: Bool) {
        self.event = event
        self.arguments = arguments
        self.expectsAck = expectsAck
    }
}
