import EngineIO

/// Why a socket left its namespace: the reason strings of the reference server.
public enum DisconnectReason: String, Sendable, Hashable, CustomStringConvertible {
    /// The client sent a DISCONNECT packet.
    case clientNamespaceDisconnect = "client namespace disconnect"
    /// The server disconnected the socket (`disconnect()`, `disconnectSockets()`).
    case serverNamespaceDisconnect = "server namespace disconnect"
    /// The client closed its Engine.IO connection.
    case transportClose = "transport close"
    /// The Engine.IO transport failed.
    case transportError = "transport error"
    /// The client stopped answering pings.
    case pingTimeout = "ping timeout"
    /// An undecodable Engine.IO packet.
    case parseError = "parse error"
    /// The server closed the Engine.IO session, notably after an undecodable Socket.IO packet.
    case forcedClose = "forced close"
    /// The connection was closed for a protocol state violation.
    case forcedServerClose = "forced server close"
    /// The server is shutting down.
    case serverShuttingDown = "server shutting down"
    /// The client read too slowly: its send buffer went past `maxBufferedBytesPerSocket`.
    case sendBufferFull = "send buffer full"

    public var description: String { rawValue }

    /// The socket-level reason for an Engine.IO close.
    init(_ reason: EngineCloseReason) {
        switch reason {
        case .transportClose: self = .transportClose
        case .transportError: self = .transportError
        case .pingTimeout: self = .pingTimeout
        case .parseError: self = .parseError
        case .forcedClose: self = .forcedClose
        case .serverShuttingDown: self = .serverShuttingDown
        case .sendBufferFull: self = .sendBufferFull
        }
    }

    /// Whether connection state recovery keeps the socket's session after this reason.
    var allowsRecovery: Bool {
        switch self {
        case .transportError, .transportClose, .forcedClose, .pingTimeout, .serverShuttingDown, .forcedServerClose, .sendBufferFull:
            true
        case .clientNamespaceDisconnect, .serverNamespaceDisconnect, .parseError:
            false
        }
    }
}
