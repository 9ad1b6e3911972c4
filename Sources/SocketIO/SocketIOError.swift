import SocketIOProtocol

/// Errors of the Socket.IO server API.
public enum SocketIOError: Error, Sendable, Hashable, CustomStringConvertible {
    /// `connect`, `connect_error`, `disconnect`, `disconnecting`, `newListener` and
    /// `removeListener` cannot be emitted.
    case reservedEventName(String)
    /// No acknowledgement arrived in time; `responses` holds those that did (broadcasts).
    case ackTimeout(responses: [SocketIOValue])
    /// The socket disconnected before acknowledging.
    case disconnected
    /// A cluster request (`fetchSockets`) still lacked the answers of `missingResponses` servers
    /// at its timeout.
    case requestTimeout(missingResponses: Int)
    /// The operation needs a concrete namespace (a dynamic parent has no sockets of its own).
    case parentNamespace
    /// A payload could not be converted to or from a Swift type.
    case coding(String)

    public var description: String {
        switch self {
        case .reservedEventName(let name): "\"\(name)\" is a reserved event name"
        case .ackTimeout: "operation has timed out"
        case .disconnected: "socket has been disconnected"
        case .requestTimeout(let missing): "timeout reached: missing \(missing) responses"
        case .parentNamespace: "a parent namespace has no sockets of its own"
        case .coding(let detail): "payload conversion failed: \(detail)"
        }
    }

    /// Throws when `event` is reserved.
    static func checkEmittable(_ event: String) throws(SocketIOError) {
        if SocketIOPacket.reservedEventNames.contains(event) { throw .reservedEventName(event) }
    }
}

/// The error a namespace middleware throws to refuse a connection; the client receives it as
/// `connect_error` with `message` and `data`.
public struct SocketIOMiddlewareError: Error, Sendable, Hashable {
    /// The message the client sees (`err.message`).
    public var message: String
    /// Extra data the client sees (`err.data`), omitted when `nil`.
    public var data: SocketIOValue?

    /// Creates a refusal.
    public init(_ message: String, data: SocketIOValue? = nil) {
        self.message = message
        self.data = data
    }
}
