import NIOCore

/// An Engine.IO packet encoded once, ready to be written to any number of transports.
///
/// A text frame holds the type character followed by the UTF-8 payload (`4hello`); a binary frame
/// holds the raw bytes of a binary message. WebSocket transports write these bytes as they are;
/// polling joins frames into a payload, turning binary ones into `b<base64>`. Because the bytes
/// live in a `ByteBuffer`, one frame shared by many sessions is never copied per recipient.
public struct EngineFrame: Sendable, Hashable {
    /// Whether the frame is text or binary.
    public enum Kind: Sendable, Hashable {
        /// Type character + UTF-8 payload.
        case text
        /// Raw bytes of a binary message.
        case binary
    }

    /// Text or binary.
    public let kind: Kind
    /// The encoded bytes (see the type's description).
    public let bytes: ByteBuffer

    /// A frame whose bytes already hold a type character and a UTF-8 payload.
    public init(encodedText bytes: ByteBuffer) {
        self.kind = .text
        self.bytes = bytes
    }

    /// A binary message frame.
    public init(binary bytes: ByteBuffer) {
        self.kind = .binary
        self.bytes = bytes
    }

    /// The packet type this frame carries.
    public var packetType: EnginePacketType? {
        switch kind {
        case .binary: return .message
        case .text: return bytes.getInteger(at: bytes.readerIndex, as: UInt8.self).flatMap(EnginePacketType.init(rawValue:))
        }
    }

    /// Appends the polling form of this frame to `buffer`: text as is, binary as `b<base64>`.
    public func writePollingForm(into buffer: inout ByteBuffer) {
        switch kind {
        case .text:
            buffer.writeImmutableBuffer(bytes)
        case .binary:
            buffer.writeInteger(UInt8(ascii: "b"))
            Base64.encode(bytes.readableBytesView, into: &buffer)
        }
    }

    /// The bytes of this frame as a text WebSocket message in `b64` mode: binary becomes `b<base64>`.
    public var base64TextForm: ByteBuffer {
        guard kind == .binary else { return bytes }
        var buffer = ByteBuffer()
        writePollingForm(into: &buffer)
        return buffer
    }

    /// Common control frames, encoded once.
    public static let ping = EnginePacket(.ping).frame
    /// `3probe`, the server's answer to a probe during an upgrade.
    public static let pongProbe = EnginePacket(.pong, .text("probe")).frame
    /// `6`, which releases a held long-polling request.
    public static let noop = EnginePacket(.noop).frame
    /// `1`, which tells a polling client the session is closed.
    public static let close = EnginePacket(.close).frame
}
