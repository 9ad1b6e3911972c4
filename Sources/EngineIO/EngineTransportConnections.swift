/// The host's side of one polling HTTP request, answered exactly once.
///
/// `respond` may be called from any thread; the host writes on the request's own connection.
public protocol EnginePollingResponder: AnyObject, Sendable {
    /// Sends the response. Calls after the first are ignored.
    func respond(_ response: EngineHTTPResponse)
}

/// The host's side of a WebSocket carrying a session.
///
/// Methods may be called from any thread; the host writes on the socket's own channel.
public protocol EngineWebSocket: AnyObject, Sendable {
    /// Writes one frame as one WebSocket message (text or binary) and flushes. Returns `false`
    /// when the socket's backlog has grown past `limit` bytes (the client does not read).
    func write(_ frame: EngineFrame, backlogLimit limit: Int) -> Bool
    /// Whether the socket can take a write now without queueing (volatile packets are dropped
    /// otherwise).
    var isWritable: Bool { get }
    /// Closes the socket (a normal close, without an Engine.IO `1` packet).
    func close()
}
