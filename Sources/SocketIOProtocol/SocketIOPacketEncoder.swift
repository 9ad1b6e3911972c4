import EngineIO
import NIOCore

/// Encodes Socket.IO packets into Engine.IO frames, once, ready to be written to any number of
/// sessions.
///
/// The text frame is `4` followed by `type [attachments "-"] [namespace ","] [ack id] [json]`;
/// for a packet with binary it is followed by one binary frame per attachment, in order.
public enum SocketIOPacketEncoder {
    /// The frames of `packet`: the text frame, then one binary frame per attachment.
    ///
    /// The payload is walked depth first and every `.binary` value is replaced by
    /// `{"_placeholder":true,"num":N}`; an EVENT or ACK holding binary is sent as BINARY_EVENT or
    /// BINARY_ACK. Binary in CONNECT, DISCONNECT or CONNECT_ERROR data is written as `null`. The
    /// namespace is omitted when it is `/` (or empty). The attachment count is not limited here:
    /// JS clients (socket.io-parser ≥ 4.2.6) drop a connection on a packet with more than 10.
    ///
    /// Cost: one walk over the payload to find attachments, then one write into one buffer.
    public static func encode(_ packet: SocketIOPacket) -> [EngineFrame] {
        var attachments: [ByteBuffer] = []
        if packet.kind.carriesBinary, let data = packet.data {
            BinaryPlaceholder.collectAttachments(in: data, into: &attachments)
        }
        let kind = attachments.isEmpty ? packet.kind : packet.kind.binaryCounterpart

        var buffer = ByteBufferAllocator().buffer(capacity: 64)
        buffer.writeInteger(EnginePacketType.message.rawValue)
        buffer.writeInteger(UInt8(ascii: "0") + kind.rawValue)
        if kind.isBinary {
            buffer.writeDecimal(UInt64(attachments.count))
            buffer.writeInteger(UInt8(ascii: "-"))
        }
        if !packet.namespace.isEmpty, packet.namespace != "/" {
            buffer.writeString(packet.namespace)
            buffer.writeInteger(UInt8(ascii: ","))
        }
        if let ackID = packet.ackID {
            buffer.writeDecimal(ackID)
        }
        if let data = packet.data {
            var writer = JSONWriter(binary: kind.isBinary ? .placeholders : .null)
            writer.write(data, into: &buffer)
        }

        var frames: [EngineFrame] = []
        frames.reserveCapacity(1 + attachments.count)
        frames.append(EngineFrame(encodedText: buffer))
        for attachment in attachments { frames.append(EngineFrame(binary: attachment)) }
        return frames
    }

    /// The Socket.IO text of `packet` without the Engine.IO `4` (e.g. `2["hello"]`), for tests
    /// and logs; attachments are not included.
    public static func encodeText(_ packet: SocketIOPacket) -> String {
        var text = encode(packet)[0].bytes
        text.moveReaderIndex(forwardBy: 1)
        return String(buffer: text)
    }
}
