/// The Engine.IO transports this server speaks.
public enum EngineTransportKind: String, Sendable, Hashable, CaseIterable {
    /// HTTP long-polling.
    case polling
    /// WebSocket.
    case websocket
}
