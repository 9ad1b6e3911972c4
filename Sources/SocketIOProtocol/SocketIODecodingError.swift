import EngineIO

/// Why an incoming Engine.IO message is not a valid Socket.IO packet.
///
/// Every one of these is fatal for the connection: the server closes the Engine.IO session
/// (sockets disconnect with reason `forced close`).
public enum SocketIODecodingError: Error, Sendable, Hashable {
    /// The Engine.IO packet is not a `message`; only messages carry Socket.IO packets.
    case notAMessage(EnginePacketType)
    /// An Engine.IO message with no payload (`4` alone).
    case missingPayload
    /// The first character is not a packet type digit `0`–`6`.
    case unknownPacketType(UInt8)
    /// A BINARY_EVENT or BINARY_ACK header whose attachment count is not digits ending in `-`.
    case illegalAttachments
    /// A header announcing more attachments than the decoder accepts.
    case tooManyAttachments(limit: Int)
    /// A namespace with control characters.
    case invalidNamespace
    /// An acknowledgement id above 2^53 − 1, the largest integer JavaScript holds exactly.
    case invalidAckID
    /// The payload is not valid JSON.
    case invalidJSON(JSONDecodingError)
    /// The payload's shape is not allowed for the packet kind: CONNECT data that is not an object,
    /// DISCONNECT data, CONNECT_ERROR data that is neither a string nor an object, an EVENT that
    /// is not a non-empty array starting with a string or number name, an ACK that is not an
    /// array, or a payload starting with whitespace.
    case invalidPayload(SocketIOPacket.Kind)
    /// An EVENT named after one of `SocketIOPacket.reservedEventNames`.
    case reservedEventName(String)
    /// A binary placeholder whose `num` is not an integer in `0..<attachmentCount`.
    case invalidPlaceholder
    /// A binary message while no binary packet awaits attachments.
    case unexpectedBinary
    /// A text message while a binary packet still awaits attachments.
    case unexpectedText
}
