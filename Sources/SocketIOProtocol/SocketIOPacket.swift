/// One Socket.IO v5 packet: a kind, a namespace, an optional acknowledgement id and payload.
///
/// Binary attachments live inside `data` as `.binary` values. The encoder turns an EVENT or ACK
/// that holds binary into a BINARY_EVENT or BINARY_ACK; the decoder delivers reconstructed binary
/// packets as `.event` or `.ack`.
public struct SocketIOPacket: Sendable, Hashable {
    /// The packet type, with its wire digit as raw value.
    public enum Kind: UInt8, Sendable {
        /// A client asks to join a namespace (data: optional auth object); the server accepts
        /// (data: `{"sid":…}`).
        case connect = 0
        /// Either side leaves a namespace; no data.
        case disconnect
        /// An event: data is `[name, arguments…]`.
        case event
        /// The answer to an event that asked for one: data is `[arguments…]`.
        case ack
        /// The server refuses a CONNECT: data is `{"message":…, "data"?:…}`.
        case connectError
        /// An event with binary attachments (on the wire only; see the type's description).
        case binaryEvent
        /// An acknowledgement with binary attachments (on the wire only).
        case binaryAck
    }

    /// The packet type.
    public var kind: Kind
    /// The namespace, `/` for the main one.
    public var namespace: String
    /// The acknowledgement id, when an answer is requested (EVENT) or given (ACK).
    public var ackID: UInt64?
    /// The payload, `nil` when the packet has none.
    public var data: SocketIOValue?

    /// Creates a packet.
    public init(kind: Kind, namespace: String = "/", ackID: UInt64? = nil, data: SocketIOValue? = nil) {
        self.kind = kind
        self.namespace = namespace
        self.ackID = ackID
        self.data = data
    }

    /// Event names that Socket.IO reserves for its own use: such an event can be neither emitted
    /// nor received (`error` is not among them).
    public static let reservedEventNames: Set<String> = [
        "connect", "connect_error", "disconnect", "disconnecting", "newListener", "removeListener",
    ]
}

extension SocketIOPacket {
    /// A CONNECT packet: a client's request (`data` is its auth object) or the server's
    /// acceptance (`data` is `{"sid":…}`).
    public static func connect(namespace: String = "/", data: SocketIOValue? = nil) -> SocketIOPacket {
        SocketIOPacket(kind: .connect, namespace: namespace, data: data)
    }

    /// A DISCONNECT packet.
    public static func disconnect(namespace: String = "/") -> SocketIOPacket {
        SocketIOPacket(kind: .disconnect, namespace: namespace)
    }

    /// An EVENT packet carrying `[name, arguments…]`, asking for an acknowledgement when `ackID`
    /// is given.
    public static func event(
        _ name: String,
        _ arguments: [SocketIOValue] = [],
        namespace: String = "/",
        ackID: UInt64? = nil
    ) -> SocketIOPacket {
        SocketIOPacket(kind: .event, namespace: namespace, ackID: ackID, data: .array([.string(name)] + arguments))
    }

    /// An ACK packet answering the event `ackID` with `arguments`.
    public static func ack(_ arguments: [SocketIOValue], namespace: String = "/", ackID: UInt64) -> SocketIOPacket {
        SocketIOPacket(kind: .ack, namespace: namespace, ackID: ackID, data: .array(arguments))
    }

    /// A CONNECT_ERROR packet: `{"message": message}`, plus `"data"` when given.
    public static func connectError(
        message: String,
        data: SocketIOValue? = nil,
        namespace: String = "/"
    ) -> SocketIOPacket {
        var payload: SocketIOObject = ["message": .string(message)]
        payload["data"] = data
        return SocketIOPacket(kind: .connectError, namespace: namespace, data: .object(payload))
    }
}

extension SocketIOPacket.Kind {
    /// Whether this is BINARY_EVENT or BINARY_ACK, whose header carries an attachment count.
    var isBinary: Bool { self == .binaryEvent || self == .binaryAck }

    /// Whether packets of this kind may carry binary attachments.
    var carriesBinary: Bool { self == .event || self == .ack || isBinary }

    /// The binary kind of an EVENT or ACK; binary kinds are their own.
    var binaryCounterpart: Self {
        switch self {
        case .event: .binaryEvent
        case .ack: .binaryAck
        default: self
        }
    }

    /// The kind a reconstructed binary packet is delivered as.
    var plainCounterpart: Self {
        switch self {
        case .binaryEvent: .event
        case .binaryAck: .ack
        default: self
        }
    }
}
