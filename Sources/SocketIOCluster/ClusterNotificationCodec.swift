import NIOCore
import SocketIOProtocol

/// Turns cluster messages into PostgreSQL notification payloads and back, as
/// `@socket.io/postgres-adapter` 0.4+ does.
///
/// A message travels inline as its JSON text, or, when that cannot work, as MessagePack stored
/// in the attachment table and announced by a small header notification. JSON cannot hold
/// binary, so any message with binary goes the attachment way, whatever its type (Node only
/// does so for BROADCAST, SERVER_SIDE_EMIT and their responses, and JSON-encodes a `Buffer`
/// elsewhere as `{"type":"Buffer","data":[1,2,3]}`; such an object decodes as the plain object
/// it is). Pure: the caller performs the `INSERT`, `SELECT` and `pg_notify`.
public struct ClusterNotificationCodec: Sendable {
    /// `@socket.io/postgres-adapter`'s default `payloadThreshold`: PostgreSQL refuses payloads
    /// of 8000 bytes or more.
    public static let defaultPayloadThreshold = 8000

    /// The channel prefix, for namespaces of messages that carry none.
    public var channelPrefix: String
    /// The JSON length in UTF-8 bytes from which a message goes to the attachment table.
    public var payloadThreshold: Int

    /// A codec with the given options (all nodes of a cluster must agree on the prefix).
    public init(channelPrefix: String = ClusterChannel.defaultPrefix, payloadThreshold: Int = Self.defaultPayloadThreshold) {
        self.channelPrefix = channelPrefix
        self.payloadThreshold = payloadThreshold
    }

    /// How a message is to be sent.
    public enum Encoded: Sendable, Hashable {
        /// Notify with this JSON text.
        case inline(String)
        /// Insert these MessagePack bytes into the attachment table, then notify with
        /// `ClusterAttachmentHeader(uid: uid, type: type, attachmentID: <the row id>).jsonText`.
        case attachment(ByteBuffer, uid: String, type: ClusterMessageType)
    }

    /// What a notification holds.
    public enum Notification: Sendable, Hashable {
        /// A whole message.
        case message(ClusterMessage)
        /// A header: fetch the row `attachmentID` and decode it with `decode(attachment:channel:)`.
        case attachment(ClusterAttachmentHeader)
    }

    /// How to send `message`: inline JSON (keys `type`, `data`, `uid`, `nsp`, as Node orders
    /// them) unless it holds binary or its JSON has `payloadThreshold` bytes or more.
    public func encode(_ message: ClusterMessage) -> Encoded {
        let envelope = message.envelope
        if !envelope.containsBinary {
            var json = ByteBuffer()
            envelope.writeJSON(into: &json)
            if json.readableBytes < payloadThreshold { return .inline(String(buffer: json)) }
        }
        var bytes = ByteBuffer()
        MessagePackEncoder.encode(envelope, into: &bytes)
        return .attachment(bytes, uid: message.uid, type: message.type)
    }

    /// Reads the payload of a notification received on `channel`: a message, or the header of
    /// one to fetch.
    public func decode(notification payload: String, channel: String) throws(ClusterMessageDecodingError) -> Notification {
        let value: SocketIOValue
        do {
            value = try SocketIOValue(parsingJSON: payload)
        } catch {
            throw .invalidJSON(error)
        }
        let fields = try ClusterFields(value, path: "")
        if fields.member("attachmentId") != nil {
            return .attachment(try ClusterAttachmentHeader(fields))
        }
        return .message(try ClusterMessage(envelope: value, channelNamespace: namespace(ofChannel: channel)))
    }

    /// Reads a message fetched from the attachment table, announced on `channel`.
    public func decode(attachment bytes: ByteBuffer, channel: String) throws(ClusterMessageDecodingError) -> ClusterMessage {
        let value: SocketIOValue
        do {
            value = try MessagePackDecoder.decode(bytes)
        } catch {
            throw .invalidMessagePack(error)
        }
        return try ClusterMessage(envelope: value, channelNamespace: namespace(ofChannel: channel))
    }

    private func namespace(ofChannel channel: String) -> String? {
        ClusterChannel.namespace(ofChannel: channel, prefix: channelPrefix)
    }
}
