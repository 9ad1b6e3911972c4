import SocketIOProtocol

/// The body of SERVER_SIDE_EMIT_RESPONSE and BROADCAST_ACK: `{"requestId":"…","packet":…}`,
/// one acknowledgement's first argument.
public struct ReplyBody: Sendable, Hashable {
    /// The request answered.
    public var requestID: String
    /// The first argument of the acknowledgement; `nil` when it had none (Node's `undefined`,
    /// which JSON omits).
    public var packet: SocketIOValue?

    /// A body for SERVER_SIDE_EMIT_RESPONSE or BROADCAST_ACK.
    public init(requestID: String, packet: SocketIOValue?) {
        self.requestID = requestID
        self.packet = packet
    }

    init(_ fields: ClusterFields) throws(ClusterMessageDecodingError) {
        self.init(requestID: try fields.required("requestId", \.stringValue), packet: fields.member("packet"))
    }

    var value: SocketIOValue {
        var object: SocketIOObject = ["requestId": .string(requestID)]
        object["packet"] = packet
        return .object(object)
    }
}
