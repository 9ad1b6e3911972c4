/// The seven Engine.IO v4 packet types, with the ASCII digit that encodes each one.
public enum EnginePacketType: UInt8, Sendable, Hashable, CaseIterable {
    /// Server → client handshake data (a JSON object).
    case open = 0x30
    /// Either side closes the session.
    case close = 0x31
    /// Server → client heartbeat (and `2probe` from a client during an upgrade).
    case ping = 0x32
    /// Client → server heartbeat reply (and `3probe` from the server during an upgrade).
    case pong = 0x33
    /// Application data.
    case message = 0x34
    /// Client → server: finish a transport upgrade.
    case upgrade = 0x35
    /// Server → client filler that releases a held long-polling request.
    case noop = 0x36

    /// The encoded character, `"0"` to `"6"`.
    public var character: Character { Character(Unicode.Scalar(rawValue)) }
}
