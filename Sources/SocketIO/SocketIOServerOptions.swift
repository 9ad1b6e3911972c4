import EngineIO
import NIOCore

/// Options of a Socket.IO server, with the reference server's defaults.
public struct SocketIOServerOptions: Sendable {
    /// The Engine.IO options; `engine.path` is where the server is mounted (`/socket.io/`).
    public var engine: EngineServerOptions
    /// How long a connection may stay without joining any namespace before it is closed (45 s).
    public var connectTimeout: TimeAmount = .milliseconds(45_000)
    /// Connection state recovery, off (`nil`) by default.
    public var connectionStateRecovery: ConnectionStateRecoveryOptions? = nil
    /// Removes a dynamic child namespace when its last socket leaves.
    public var cleanupEmptyChildNamespaces: Bool = false
    /// Makes the adapter of each namespace (rooms, broadcasts). The in-memory adapter by default.
    public var adapter: @Sendable (Namespace) -> any SocketIOAdapter = { InMemoryAdapter(namespace: $0) }
    /// Most binary attachments accepted in one packet (10, as the reference parser).
    public var maxAttachments: Int = 10

    /// Creates options with the defaults, mounted at `/socket.io/`.
    public init() {
        engine = EngineServerOptions()
        engine.path = "/socket.io/"
    }
}

/// Connection state recovery: a client that lost its connection gets its id, rooms and data back,
/// and the events it missed, when it reconnects in time.
public struct ConnectionStateRecoveryOptions: Sendable, Hashable {
    /// How long a disconnected session is kept (2 minutes).
    public var maxDisconnectionDuration: TimeAmount = .milliseconds(120_000)
    /// Whether a recovered socket skips the namespace middlewares (yes).
    public var skipMiddlewares: Bool = true

    /// Creates recovery options with the defaults.
    public init() {}
}
