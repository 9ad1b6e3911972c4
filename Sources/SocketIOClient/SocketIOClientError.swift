import SocketIOProtocol

/// Errors of the Socket.IO client.
public enum SocketIOClientError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The URL could not be used.
    case invalidURL(String)
    /// `SocketIOClientOptions.localAddress` is not an IP address.
    case invalidLocalAddress(String)
    /// `https`/`wss` was asked for, but this build has no TLS.
    case tlsNotAvailable
    /// The server refused the namespace connection (`connect_error`): its message and data.
    case connectError(message: String, data: SocketIOValue?)
    /// The connection could not be opened, or was lost before the operation completed.
    case connectionFailed(String)
    /// No acknowledgement arrived in time.
    case ackTimeout
    /// The socket was disconnected (by the app or the server) before the operation completed.
    case disconnected
    /// The event name is reserved by Socket.IO.
    case reservedEventName(String)
    /// The engine handshake was invalid.
    case invalidHandshake(String)

    public var description: String {
        switch self {
        case .invalidURL(let url): "invalid server URL: \(url)"
        case .invalidLocalAddress(let address): "invalid local address: \(address) (an IP address is expected)"
        case .tlsNotAvailable: "TLS is not built into this client: use http:// or ws:// (or terminate TLS in a proxy)"
        case .connectError(let message, _): "connect_error: \(message)"
        case .connectionFailed(let detail): "connection failed: \(detail)"
        case .ackTimeout: "operation has timed out"
        case .disconnected: "socket has been disconnected"
        case .reservedEventName(let name): "\"\(name)\" is a reserved event name"
        case .invalidHandshake(let detail): "invalid handshake: \(detail)"
        }
    }
}
