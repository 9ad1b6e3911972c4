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
    /// Writes one frame as one WebSocket message (text or binary) and flushes.
    func write(_ frame: EngineFrame)
    /// Closes the socket (a normal close, without an Engine.IO `1` packet).
    func close()
}
