import EngineIO
import NIOCore
import SocketIOProtocol

/// Options of a client connection, with the official client's defaults.
public struct SocketIOClientOptions: Sendable {
    /// Transports to use, in order: the first opens the session; with both, polling upgrades to
    /// WebSocket (the default).
    public var transports: [EngineTransportKind] = [.polling, .websocket]
    /// Whether a polling session upgrades to WebSocket when the server offers it.
    public var upgrade = true
    /// The server's path (`/socket.io/`).
    public var path = "/socket.io/"
    /// Extra query parameters, sent with every request (and seen in `socket.handshake.query`).
    public var query: [String: String] = [:]
    /// Extra HTTP headers, sent with every request.
    public var extraHeaders: [String: String] = [:]
    /// Reconnect automatically after the connection is lost.
    public var reconnection = true
    /// Most reconnection attempts before giving up (unlimited).
    public var reconnectionAttempts = Int.max
    /// First reconnection delay (1 s).
    public var reconnectionDelay: TimeAmount = .seconds(1)
    /// Largest reconnection delay (5 s).
    public var reconnectionDelayMax: TimeAmount = .seconds(5)
    /// Randomisation of reconnection delays, 0…1 (0.5).
    public var randomizationFactor = 0.5
    /// How long opening a connection may take (20 s).
    public var timeout: TimeAmount = .seconds(20)
    /// The default acknowledgement timeout of `emitWithAck` (`nil`: wait until disconnected).
    public var ackTimeout: TimeAmount?
    /// Largest WebSocket message accepted from the server, in bytes.
    public var maxPayload = 100 * 1024 * 1024
    /// The local IP address connections are made from (`"127.0.0.2"`), for load generators and
    /// multi-homed hosts; `nil`: chosen by the system. Every TCP connection of the session (the
    /// polling requests, the WebSocket and its upgrade probe) is bound to it, on a port the system
    /// picks. An address that is not an IP address makes `SocketManager.init` throw
    /// `SocketIOClientError.invalidLocalAddress`.
    public var localAddress: String?

    /// Creates options with the defaults.
    public init() {}
}
