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
    /// Cost: one walk over the payload to find attachments, one to bound the text's length, and
    /// one to write it into a single buffer allocated for that length.
    public static func encode(_ packet: SocketIOPacket) -> [EngineFrame] {
        var attachments: [ByteBuffer] = []
        if packet.kind.carriesBinary, let data = packet.data {
            BinaryPlaceholder.collectAttachments(in: data, into: &attachments)
        }
        let kind = attachments.isEmpty ? packet.kind : packet.kind.binaryCounterpart
        let namespace = packet.namespace.isEmpty || packet.namespace == "/" ? nil : packet.namespace
        var writer = JSONWriter(binary: kind.isBinary ? .placeholders : .null)

        // `4`, type, attachment count and `-`, namespace and `,`, ack id, JSON.
        let maximumLength = 2 + (kind.isBinary ? 21 : 0) + (namespace.map { $0.utf8.count + 1 } ?? 0) + 20
            + (packet.data.map(writer.maximumLength(of:)) ?? 0)
        var buffer = ByteBufferAllocator().buffer(capacity: maximumLength)
        buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: maximumLength) { bytes in
            var output = OutputCursor(bytes)
            output.write(EnginePacketType.message.rawValue)
            output.write(UInt8(ascii: "0") + kind.rawValue)
            if kind.isBinary {
                output.writeDecimal(UInt64(attachments.count))
                output.write(UInt8(ascii: "-"))
            }
            if let namespace {
                namespace.utf8.withContiguousBytes { output.write(UnsafeRawBufferPointer($0)) }
                output.write(UInt8(ascii: ","))
            }
            if let ackID = packet.ackID {
                output.writeDecimal(ackID)
            }
            if let data = packet.data {
                writer.write(data, to: &output)
            }
            return output.count
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
