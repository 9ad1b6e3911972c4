/// Why bytes could not be decoded as Engine.IO packets. Every case closes the session with
/// reason `parse error`.
public enum EngineDecodingError: Error, Sendable, Hashable {
    /// The input was empty: an empty polling body or an empty piece between separators.
    case emptyPacket
    /// The first character is neither a packet type digit (`0`–`6`) nor `b`.
    case unknownPacketType(UInt8)
    /// A text packet is not valid UTF-8.
    case invalidUTF8
    /// The text after a `b` prefix is not valid base64.
    case invalidBase64
}
