import SocketIOProtocol

/// The body of SERVER_SIDE_EMIT: `{"packet":["event",…]}`, or `{"requestId":"…","packet":[…]}`
/// when the sender wants acknowledgements.
public struct ServerSideEmitBody: Sendable, Hashable {
    /// Set when the sender waits for one SERVER_SIDE_EMIT_RESPONSE per node.
    public var requestID: String?
    /// The event name and its arguments.
    public var packet: [SocketIOValue]

    /// A body for SERVER_SIDE_EMIT.
    public init(requestID: String? = nil, packet: [SocketIOValue]) {
        self.requestID = requestID
        self.packet = packet
    }

    init(_ fields: ClusterFields) throws(ClusterMessageDecodingError) {
        self.init(
            requestID: try fields.optional("requestId", \.stringValue),
            packet: try fields.required("packet", \.arrayValue)
        )
    }

    var value: SocketIOValue {
        var object = SocketIOObject()
        object["requestId"] = requestID.map(SocketIOValue.string)
        object["packet"] = .array(packet)
        return .object(object)
    }
}
