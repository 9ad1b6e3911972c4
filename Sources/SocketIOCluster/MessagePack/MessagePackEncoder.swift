import NIOCore
import SocketIOProtocol

/// Encodes a `SocketIOValue` as MessagePack, byte for byte as `@msgpack/msgpack` 2.8 does with
/// its default options.
///
/// - Numbers that are safe JavaScript integers (|x| ≤ 2^53 − 1, `-0` included) take the smallest
///   of positive fixint, uint 8/16/32/64, negative fixint and int 8/16/32/64; every other number
///   (fractions, 2^53 and beyond, NaN, infinities) is a float 64.
/// - Strings are fixstr, str 8, str 16 or str 32; binary is bin 8, bin 16 or bin 32; arrays and
///   maps are fix, 16 or 32 forms; map keys keep the object's order.
/// - Extensions are never written.
public enum MessagePackEncoder {
    /// Appends `value` to `buffer`.
    ///
    /// A string, binary value, array or map with 2^32 or more bytes or elements has no
    /// MessagePack form and traps.
    public static func encode(_ value: SocketIOValue, into buffer: inout ByteBuffer) {
        switch value {
        case .null:
            buffer.writeInteger(UInt8(0xc0))
        case .bool(let bool):
            buffer.writeInteger(bool ? UInt8(0xc3) : UInt8(0xc2))
        case .number(let number):
            writeNumber(number, into: &buffer)
        case .string(let string):
            writeString(string, into: &buffer)
        case .array(let elements):
            writeHeader(count: elements.count, fixBase: 0x90, format16: 0xdc, format32: 0xdd, into: &buffer)
            for element in elements { encode(element, into: &buffer) }
        case .object(let object):
            writeHeader(count: object.count, fixBase: 0x80, format16: 0xde, format32: 0xdf, into: &buffer)
            for member in object.members {
                writeString(member.key, into: &buffer)
                encode(member.value, into: &buffer)
            }
        case .binary(let bytes):
            writeLength(bytes.readableBytes, format8: 0xc4, format16: 0xc5, format32: 0xc6, into: &buffer)
            buffer.writeImmutableBuffer(bytes)
        }
    }

    /// JavaScript's `Number.MAX_SAFE_INTEGER`.
    private static let maximumSafeInteger: Int64 = (1 << 53) - 1

    private static func writeNumber(_ number: Double, into buffer: inout ByteBuffer) {
        guard let integer = Int64(exactly: number), integer.magnitude <= maximumSafeInteger.magnitude else {
            buffer.writeInteger(UInt8(0xcb))
            buffer.writeInteger(number.bitPattern)
            return
        }
        switch integer {
        case 0..<0x80:
            buffer.writeInteger(UInt8(integer))
        case 0x80..<0x100:
            buffer.writeInteger(UInt8(0xcc))
            buffer.writeInteger(UInt8(integer))
        case 0x100..<0x1_0000:
            buffer.writeInteger(UInt8(0xcd))
            buffer.writeInteger(UInt16(integer))
        case 0x1_0000..<0x1_0000_0000:
            buffer.writeInteger(UInt8(0xce))
            buffer.writeInteger(UInt32(integer))
        case 0x1_0000_0000...:
            buffer.writeInteger(UInt8(0xcf))
            buffer.writeInteger(UInt64(integer))
        case -0x20..<0:
            buffer.writeInteger(Int8(integer))
        case -0x80..<(-0x20):
            buffer.writeInteger(UInt8(0xd0))
            buffer.writeInteger(Int8(integer))
        case -0x8000..<(-0x80):
            buffer.writeInteger(UInt8(0xd1))
            buffer.writeInteger(Int16(integer))
        case -0x8000_0000..<(-0x8000):
            buffer.writeInteger(UInt8(0xd2))
            buffer.writeInteger(Int32(integer))
        default:
            buffer.writeInteger(UInt8(0xd3))
            buffer.writeInteger(integer)
        }
    }

    private static func writeString(_ string: String, into buffer: inout ByteBuffer) {
        let length = string.utf8.count
        if length < 32 {
            buffer.writeInteger(0xa0 | UInt8(length))
        } else {
            writeLength(length, format8: 0xd9, format16: 0xda, format32: 0xdb, into: &buffer)
        }
        buffer.writeString(string)
    }

    /// The header of an array or a map: a fix form below 16 elements, else a 16- or 32-bit count.
    private static func writeHeader(
        count: Int, fixBase: UInt8, format16: UInt8, format32: UInt8, into buffer: inout ByteBuffer
    ) {
        if count < 16 {
            buffer.writeInteger(fixBase | UInt8(count))
        } else if count < 0x1_0000 {
            buffer.writeInteger(format16)
            buffer.writeInteger(UInt16(count))
        } else {
            writeLength32(count, format32: format32, into: &buffer)
        }
    }

    /// The header of a string or binary value of `length` bytes: an 8-, 16- or 32-bit length.
    private static func writeLength(
        _ length: Int, format8: UInt8, format16: UInt8, format32: UInt8, into buffer: inout ByteBuffer
    ) {
        if length < 0x100 {
            buffer.writeInteger(format8)
            buffer.writeInteger(UInt8(length))
        } else if length < 0x1_0000 {
            buffer.writeInteger(format16)
            buffer.writeInteger(UInt16(length))
        } else {
            writeLength32(length, format32: format32, into: &buffer)
        }
    }

    private static func writeLength32(_ length: Int, format32: UInt8, into buffer: inout ByteBuffer) {
        guard let length32 = UInt32(exactly: length) else {
            preconditionFailure("\(length) bytes or elements do not fit in a MessagePack value")
        }
        buffer.writeInteger(format32)
        buffer.writeInteger(length32)
    }
}
