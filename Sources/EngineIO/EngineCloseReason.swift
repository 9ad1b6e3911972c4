/// Why an Engine.IO session closed; the description is the reason string the reference server
/// passes up (Socket.IO reports it as the disconnect reason).
public enum EngineCloseReason: String, Sendable, Hashable, CustomStringConvertible {
    /// The client closed: its WebSocket closed or it sent a `1` packet.
    case transportClose = "transport close"
    /// A transport failure or a protocol violation (duplicate request, aborted request, ping from
    /// the client, binary POST on v4, write failure).
    case transportError = "transport error"
    /// No pong within `pingTimeout` after a ping.
    case pingTimeout = "ping timeout"
    /// An undecodable packet.
    case parseError = "parse error"
    /// The server closed the session itself.
    case forcedClose = "forced close"
    /// The client did not read fast enough: more than `maxBufferedBytesPerSession` waited for it.
    case sendBufferFull = "send buffer full"
    /// The server is shutting down.
    case serverShuttingDown = "server shutting down"

    public var description: String { rawValue }
}
