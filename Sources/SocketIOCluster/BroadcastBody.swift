import SocketIOProtocol

/// The body of a BROADCAST: `{"packet":{"type":2,"data":[…]},"requestId"?:…,"opts":{…}}`.
public struct BroadcastBody: Sendable, Hashable {
    /// The packet (an EVENT in practice), binary in place.
    ///
    /// Only its kind and data travel: a decoded packet takes the message's namespace and has no
    /// `ackID`, because a receiver allocates its own ack ids; any `nsp` or `id` in the wire
    /// packet is ignored.
    public var packet: SocketIOPacket
    /// Set when the sender collects acknowledgements (and client counts) for this broadcast.
    public var requestID: String?
    /// Which sockets receive the packet.
    public var options: ClusterBroadcastOptions

    /// A broadcast body.
    public init(packet: SocketIOPacket, requestID: String? = nil, options: ClusterBroadcastOptions) {
        self.packet = packet
        self.requestID = requestID
        self.options = options
    }

    init(_ fields: ClusterFields, namespace: String) throws(ClusterMessageDecodingError) {
        let packet = try fields.object("packet")
        let kind = try packet.required("type") {
            ClusterFields.integer($0).flatMap(UInt8.init(exactly:)).flatMap(SocketIOPacket.Kind.init(rawValue:))
        }
        self.init(
            packet: SocketIOPacket(kind: kind, namespace: namespace, data: packet.member("data")),
            requestID: try fields.optional("requestId", \.stringValue),
            options: try ClusterBroadcastOptions(fields.object("opts"))
        )
    }

    var value: SocketIOValue {
        var packetObject: SocketIOObject = ["type": .number(Double(packet.kind.rawValue))]
        packetObject["data"] = packet.data
        var object: SocketIOObject = ["packet": .object(packetObject)]
        object["requestId"] = requestID.map(SocketIOValue.string)
        object["opts"] = options.value
        return .object(object)
    }
}
