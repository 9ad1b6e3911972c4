/// Why bytes are not one MessagePack value that `MessagePackDecoder` accepts.
///
/// Offsets count bytes from the start of the decoded input and point at the first byte of the
/// value concerned.
public enum MessagePackDecodingError: Error, Sendable, Hashable {
    /// The input ends inside the value at `offset` (or is empty).
    case truncated(offset: Int)
    /// A string, binary, extension, array or map declares more bytes (or elements) than the input
    /// has left; nothing is allocated for it.
    case declaredLengthExceedsInput(length: Int, offset: Int)
    /// The byte 0xc1, which MessagePack never uses.
    case invalidByte(UInt8, offset: Int)
    /// Arrays and maps nest deeper than `limit`.
    case nestingTooDeep(limit: Int)
    /// A map key that is not a string (Node only sends string keys).
    case nonStringMapKey(offset: Int)
    /// A timestamp extension (type −1) whose data is not 4, 8 or 12 bytes long.
    case invalidTimestampLength(Int, offset: Int)
    /// A complete value is followed by more bytes.
    case trailingBytes(offset: Int)
}
