import SocketIOProtocol

/// One message of the cluster protocol (socket.io-adapter's `ClusterAdapter`): a body, the
/// sender's uid and the namespace, as the envelope `{"type":…,"data":…,"uid":…,"nsp":…}`.
///
/// Encoded through `ClusterNotificationCodec`. Decoding ignores members it does not know
/// (such as `nodeId`, added by Node's cluster mode).
public struct ClusterMessage: Sendable, Hashable {
    /// The uid of emitter libraries (`@socket.io/postgres-emitter`); never a node.
    public static let emitterUID = "emitter"

    /// The sending adapter's uid (16 hex digits, one per namespace per server), or `emitter`.
    public var uid: String
    /// The namespace, e.g. `/`.
    public var namespace: String
    /// What the message says.
    public var body: ClusterMessageBody

    /// The message type.
    public var type: ClusterMessageType { body.type }

    /// A message.
    public init(uid: String, namespace: String, body: ClusterMessageBody) {
        self.uid = uid
        self.namespace = namespace
        self.body = body
    }

    /// Reads an envelope. When it has no `nsp` (emitters, pre-0.4 adapters), the namespace is
    /// `channelNamespace` (that of the channel it arrived on), else `data.packet.nsp`.
    init(envelope: SocketIOValue, channelNamespace: String?) throws(ClusterMessageDecodingError) {
        let fields = try ClusterFields(envelope, path: "")
        let type = try ClusterMessageType(typeOf: fields)
        let uid = try fields.required("uid", \.stringValue)
        let packetNamespace = fields.member("data")?.objectValue?["packet"]?.objectValue?["nsp"]?.stringValue
        guard let namespace = try fields.optional("nsp", \.stringValue) ?? channelNamespace ?? packetNamespace else {
            throw .missingNamespace
        }
        self.init(
            uid: uid,
            namespace: namespace,
            body: try ClusterMessageBody(type: type, data: fields.member("data"), namespace: namespace)
        )
    }

    /// The envelope, members in Node's order: `type`, `data` (absent for bodiless types), `uid`,
    /// `nsp`.
    var envelope: SocketIOValue {
        var object: SocketIOObject = ["type": .number(Double(type.rawValue))]
        object["data"] = body.data
        object["uid"] = .string(uid)
        object["nsp"] = .string(namespace)
        return .object(object)
    }
}
