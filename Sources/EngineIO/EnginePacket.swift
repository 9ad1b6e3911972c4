import NIOCore

/// One decoded Engine.IO packet: a type and an optional text or binary payload.
///
/// Only `message` packets carry binary payloads. A packet with no payload (`4`) differs from one
/// with an empty text payload, as in the reference parser.
public struct EnginePacket: Sendable, Hashable {
    /// A packet's payload.
    public enum Payload: Sendable, Hashable {
        /// UTF-8 text, as carried after the type character.
        case text(String)
        /// Raw bytes: a WebSocket binary frame or a `b`-prefixed base64 piece.
        case binary(ByteBuffer)
    }

    /// The packet type.
    public var type: EnginePacketType
    /// The payload, `nil` when the packet has none.
    public var payload: Payload?

    /// Creates a packet of `type` carrying `payload`.
    public init(_ type: EnginePacketType, _ payload: Payload? = nil) {
        self.type = type
        self.payload = payload
    }

    /// A text message.
    public static func message(_ text: String) -> EnginePacket { EnginePacket(.message, .text(text)) }

    /// A binary message.
    public static func message(_ bytes: ByteBuffer) -> EnginePacket { EnginePacket(.message, .binary(bytes)) }

    /// The text payload, or `nil` when the payload is absent or binary.
    public var text: String? {
        if case .text(let text) = payload { return text }
        return nil
    }
}

extension EnginePacket {
    /// Decodes one packet from its text form (a WebSocket text frame or one polling piece).
    ///
    /// `b<base64>` decodes to a binary message. Throws for an empty input, an unknown type
    /// character, invalid UTF-8 or invalid base64.
    public init(decodingText bytes: ByteBufferView) throws(EngineDecodingError) {
        guard let first = bytes.first else { throw .emptyPacket }
        let rest = bytes.dropFirst()
        if first == UInt8(ascii: "b") {
            guard let decoded = Base64.decode(rest) else { throw .invalidBase64 }
            self.init(.message, .binary(decoded))
            return
        }
        guard let type = EnginePacketType(rawValue: first) else { throw .unknownPacketType(first) }
        if rest.isEmpty {
            self.init(type)
            return
        }
        guard let text = String(validating: rest, as: UTF8.self) else { throw .invalidUTF8 }
        self.init(type, .text(text))
    }

    /// Decodes one packet from a string (a convenience over `init(decodingText:)` for bytes).
    public init(decodingText text: String) throws(EngineDecodingError) {
        try self.init(decodingText: ByteBuffer(string: text).readableBytesView)
    }

    /// Encodes this packet once into a frame that any transport can write.
    public var frame: EngineFrame {
        switch payload {
        case .binary(let bytes):
            return EngineFrame(binary: bytes)
        case .text(let text):
            var buffer = ByteBuffer()
            buffer.reserveCapacity(1 + text.utf8.count)
            buffer.writeInteger(type.rawValue)
            buffer.writeString(text)
            return EngineFrame(encodedText: buffer)
        case nil:
            return EngineFrame(encodedText: ByteBuffer(integer: type.rawValue))
        }
    }
}
