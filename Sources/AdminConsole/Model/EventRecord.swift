import SocketIOProtocol

/// One application event seen through the admin namespace.
public struct EventRecord: Sendable {
    /// Position in the console's event stream, from 1; tells newer from older.
    public var sequence: Int
    /// The socket that sent or received it.
    public var socket: SocketKey
    /// In (client to server) or out.
    public var direction: EventDirection
    /// The event name (`args[0]`).
    public var name: String
    /// Its arguments after the name.
    public var arguments: [SocketIOValue]
    /// When the server saw it (the console's clock when the server did not say).
    public var at: Timestamp
}
