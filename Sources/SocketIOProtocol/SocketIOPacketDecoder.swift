import EngineIO
import NIOCore

/// Decodes the Engine.IO messages of one connection into Socket.IO packets, reassembling binary
/// packets from their text header and the binary messages that follow it.
///
/// Keep one decoder per connection and feed it every Engine.IO `message` in order. A decoding
/// error is fatal for the connection (Node closes the Engine.IO session); the decoder itself is
/// left ready for a new packet.
public struct SocketIOPacketDecoder: Sendable {
    /// A binary packet whose attachments are still arriving.
    private struct Reconstruction: Sendable {
        var packet: SocketIOPacket
        var expectedCount: Int
        var attachments: [ByteBuffer]
    }

    /// The largest attachment count a header may announce.
    public let maxAttachments: Int
    private var reconstruction: Reconstruction?

    /// A decoder refusing headers that announce more than `maxAttachments` attachments (10, like
    /// socket.io-parser since 4.2.6).
    public init(maxAttachments: Int = 10) {
        self.maxAttachments = maxAttachments
    }

    /// Whether a binary packet is waiting for attachments (only binary messages are valid now).
    public var isReconstructing: Bool { reconstruction != nil }

    /// Decodes one Engine.IO message.
    ///
    /// Returns a complete packet, or `nil` when `message` was a binary packet's header or one of
    /// its attachments and more are due. Reconstructed BINARY_EVENT and BINARY_ACK packets come
    /// back as `.event` and `.ack` with the attachments in place of their placeholders; a header
    /// announcing 0 attachments is delivered at once.
    public mutating func decode(_ message: EnginePacket) throws(SocketIODecodingError) -> SocketIOPacket? {
        guard message.type == .message else {
            reconstruction = nil
            throw .notAMessage(message.type)
        }
        switch message.payload {
        case nil:
            reconstruction = nil
            throw .missingPayload
        case .text(let text):
            guard reconstruction == nil else {
                reconstruction = nil
                throw .unexpectedText
            }
            let parsed = try text.utf8.withContiguousBytes { (utf8) throws(SocketIODecodingError) in
                try SocketIOPacketParser.parse(utf8, maxAttachments: maxAttachments)
            }
            guard let attachmentCount = parsed.attachmentCount else { return parsed.packet }
            let pending = Reconstruction(packet: parsed.packet, expectedCount: attachmentCount, attachments: [])
            return try complete(pending)
        case .binary(let bytes):
            guard var pending = reconstruction else { throw .unexpectedBinary }
            reconstruction = nil  // so that appending does not copy the attachments
            pending.attachments.append(bytes)
            return try complete(pending)
        }
    }

    /// Delivers `pending` once all its attachments are in, else keeps waiting for them.
    private mutating func complete(_ pending: Reconstruction) throws(SocketIODecodingError) -> SocketIOPacket? {
        guard pending.attachments.count == pending.expectedCount else {
            reconstruction = pending
            return nil
        }
        var packet = pending.packet
        if let data = packet.data {
            packet.data = try BinaryPlaceholder.substitute(in: data, attachments: pending.attachments)
        }
        return packet
    }
}
