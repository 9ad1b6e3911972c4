import NIOCore
import SocketIOProtocol

/// Decodes one MessagePack value into a `SocketIOValue`, accepting every format of the
/// MessagePack specification.
///
/// - Integers of every width and float 32/64 become `.number` (uint 64 and int 64 round to the
///   nearest double, as `@msgpack/msgpack` does).
/// - Strings are UTF-8; invalid sequences become U+FFFD (as Node's `TextDecoder` does). Map keys
///   must be strings; a repeated key keeps its first position and last value.
/// - bin becomes `.binary`, a slice of the input (no copy).
/// - The timestamp extension (type −1, 4, 8 or 12 bytes) becomes the string JavaScript's
///   `Date.toJSON()` prints for it, `2023-04-06T16:03:18.123Z` (milliseconds truncated toward
///   zero, as `new Date(…)` does), or `.null` outside the range of a JavaScript `Date`.
///   Other extension types become `.binary` holding their data.
///
/// Lengths declared in the input are checked against the bytes left before anything is
/// allocated for them, so a short hostile input costs no more than its own size.
public struct MessagePackDecoder {
    /// How deep arrays and maps may nest: the JSON parser's limit, so that a cluster message
    /// decodes from an attachment exactly when it would decode from inline JSON.
    public static let maximumDepth = 256

    private var input: ByteBuffer
    private let startIndex: Int
    private var depth = 0

    private init(input: ByteBuffer) {
        self.input = input
        self.startIndex = input.readerIndex
    }

    /// The value that `bytes` (their readable part) encode, all of them.
    public static func decode(_ bytes: ByteBuffer) throws(MessagePackDecodingError) -> SocketIOValue {
        var decoder = MessagePackDecoder(input: bytes)
        let value = try decoder.decodeValue()
        guard decoder.input.readableBytes == 0 else { throw .trailingBytes(offset: decoder.offset) }
        return value
    }

    private var offset: Int { input.readerIndex - startIndex }

    private mutating func decodeValue() throws(MessagePackDecodingError) -> SocketIOValue {
        let start = offset
        let format = try read(UInt8.self, in: start)
        switch format {
        case 0x00...0x7f: return .number(Double(format))
        case 0x80...0x8f: return try decodeMap(count: Int(format & 0x0f), at: start)
        case 0x90...0x9f: return try decodeArray(count: Int(format & 0x0f), at: start)
        case 0xa0...0xbf: return .string(try readString(length: Int(format & 0x1f), at: start))
        case 0xc0: return .null
        case 0xc1: throw .invalidByte(format, offset: start)
        case 0xc2: return .bool(false)
        case 0xc3: return .bool(true)
        case 0xc4: return .binary(try readBytes(length: Int(try read(UInt8.self, in: start)), at: start))
        case 0xc5: return .binary(try readBytes(length: Int(try read(UInt16.self, in: start)), at: start))
        case 0xc6: return .binary(try readBytes(length: Int(try read(UInt32.self, in: start)), at: start))
        case 0xc7: return try decodeExtension(length: Int(try read(UInt8.self, in: start)), at: start)
        case 0xc8: return try decodeExtension(length: Int(try read(UInt16.self, in: start)), at: start)
        case 0xc9: return try decodeExtension(length: Int(try read(UInt32.self, in: start)), at: start)
        case 0xca: return .number(Double(Float(bitPattern: try read(UInt32.self, in: start))))
        case 0xcb: return .number(Double(bitPattern: try read(UInt64.self, in: start)))
        case 0xcc: return .number(Double(try read(UInt8.self, in: start)))
        case 0xcd: return .number(Double(try read(UInt16.self, in: start)))
        case 0xce: return .number(Double(try read(UInt32.self, in: start)))
        case 0xcf: return .number(Double(try read(UInt64.self, in: start)))
        case 0xd0: return .number(Double(try read(Int8.self, in: start)))
        case 0xd1: return .number(Double(try read(Int16.self, in: start)))
        case 0xd2: return .number(Double(try read(Int32.self, in: start)))
        case 0xd3: return .number(Double(try read(Int64.self, in: start)))
        case 0xd4...0xd8: return try decodeExtension(length: 1 << Int(format - 0xd4), at: start)
        case 0xd9: return .string(try readString(length: Int(try read(UInt8.self, in: start)), at: start))
        case 0xda: return .string(try readString(length: Int(try read(UInt16.self, in: start)), at: start))
        case 0xdb: return .string(try readString(length: Int(try read(UInt32.self, in: start)), at: start))
        case 0xdc: return try decodeArray(count: Int(try read(UInt16.self, in: start)), at: start)
        case 0xdd: return try decodeArray(count: Int(try read(UInt32.self, in: start)), at: start)
        case 0xde: return try decodeMap(count: Int(try read(UInt16.self, in: start)), at: start)
        case 0xdf: return try decodeMap(count: Int(try read(UInt32.self, in: start)), at: start)
        default: return .number(Double(Int8(bitPattern: format)))  // 0xe0...0xff: negative fixint
        }
    }

    private mutating func decodeArray(count: Int, at start: Int) throws(MessagePackDecodingError) -> SocketIOValue {
        // Every element takes at least one byte.
        guard count <= input.readableBytes else { throw .declaredLengthExceedsInput(length: count, offset: start) }
        try enterContainer()
        var elements: [SocketIOValue] = []
        elements.reserveCapacity(count)
        for _ in 0..<count { elements.append(try decodeValue()) }
        depth -= 1
        return .array(elements)
    }

    private mutating func decodeMap(count: Int, at start: Int) throws(MessagePackDecodingError) -> SocketIOValue {
        // Every member takes at least two bytes.
        guard count <= input.readableBytes / 2 else { throw .declaredLengthExceedsInput(length: count, offset: start) }
        try enterContainer()
        var members: [(String, SocketIOValue)] = []
        members.reserveCapacity(count)
        for _ in 0..<count {
            let key = try decodeKey()
            members.append((key, try decodeValue()))
        }
        depth -= 1
        return .object(SocketIOObject(members))
    }

    private mutating func enterContainer() throws(MessagePackDecodingError) {
        depth += 1
        guard depth <= Self.maximumDepth else { throw .nestingTooDeep(limit: Self.maximumDepth) }
    }

    /// A map key: a string in any of the four string formats, and nothing else.
    private mutating func decodeKey() throws(MessagePackDecodingError) -> String {
        let start = offset
        let format = try read(UInt8.self, in: start)
        switch format {
        case 0xa0...0xbf: return try readString(length: Int(format & 0x1f), at: start)
        case 0xd9: return try readString(length: Int(try read(UInt8.self, in: start)), at: start)
        case 0xda: return try readString(length: Int(try read(UInt16.self, in: start)), at: start)
        case 0xdb: return try readString(length: Int(try read(UInt32.self, in: start)), at: start)
        default: throw .nonStringMapKey(offset: start)
        }
    }

    /// An extension of `length` data bytes, after its type byte.
    private mutating func decodeExtension(length: Int, at start: Int) throws(MessagePackDecodingError) -> SocketIOValue {
        let type = try read(Int8.self, in: start)
        let data = try readBytes(length: length, at: start)
        guard type == MessagePackTimestamp.extensionType else { return .binary(data) }
        guard let timestamp = MessagePackTimestamp(data: data) else {
            throw .invalidTimestampLength(length, offset: start)
        }
        return timestamp.iso8601String.map(SocketIOValue.string) ?? .null
    }

    /// A big-endian integer of the value starting at `start`.
    private mutating func read<Integer: FixedWidthInteger>(
        _: Integer.Type, in start: Int
    ) throws(MessagePackDecodingError) -> Integer {
        guard let integer = input.readInteger(as: Integer.self) else { throw .truncated(offset: start) }
        return integer
    }

    private mutating func readBytes(length: Int, at start: Int) throws(MessagePackDecodingError) -> ByteBuffer {
        guard length <= input.readableBytes, let bytes = input.readSlice(length: length) else {
            throw .declaredLengthExceedsInput(length: length, offset: start)
        }
        return bytes
    }

    private mutating func readString(length: Int, at start: Int) throws(MessagePackDecodingError) -> String {
        guard length <= input.readableBytes, let string = input.readString(length: length) else {
            throw .declaredLengthExceedsInput(length: length, offset: start)
        }
        return string
    }
}
