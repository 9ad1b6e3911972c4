import SocketIOProtocol

/// Why a notification or an attachment is not a cluster message this node can handle.
///
/// Receivers log these and drop the notification; none of them concerns the connection.
/// Field paths name the member from the envelope down, e.g. `data.opts.rooms` or
/// `data.sockets[0].handshake.issued`.
public enum ClusterMessageDecodingError: Error, Sendable, Hashable {
    /// The notification payload is not JSON.
    case invalidJSON(JSONDecodingError)
    /// The attachment is not MessagePack.
    case invalidMessagePack(MessagePackDecodingError)
    /// A member the message type requires is absent (or `null`).
    case missingField(String)
    /// A member has the wrong type or an impossible value.
    case invalidField(String)
    /// A `type` outside 1…13; receivers ignore such messages.
    case unknownMessageType(Int)
    /// No `nsp` in the envelope, and neither the channel nor `data.packet.nsp` names one.
    case missingNamespace
}
