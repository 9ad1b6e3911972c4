import NIOCore

/// Writes a `SocketIOValue` as compact JSON, byte for byte as `JSON.stringify` prints it.
///
/// Object members keep their order; strings escape only `"`, `\` and control characters, and
/// otherwise stay raw UTF-8 (so `/` and non-ASCII are not escaped). JSON has no binary type: the
/// packet encoder writes each binary value as a placeholder, anything else writes it as `null`.
struct JSONWriter {
    /// What a `.binary` value becomes.
    enum BinaryRepresentation {
        /// `null`: binary has no JSON form.
        case null
        /// `{"_placeholder":true,"num":N}`, numbered in writing order from 0.
        case placeholders
    }

    private let binaryRepresentation: BinaryRepresentation
    private var placeholderCount = 0

    init(binary binaryRepresentation: BinaryRepresentation) {
        self.binaryRepresentation = binaryRepresentation
    }

    mutating func write(_ value: SocketIOValue, into buffer: inout ByteBuffer) {
        switch value {
        case .null:
            buffer.writeStaticString("null")
        case .bool(let bool):
            buffer.writeStaticString(bool ? "true" : "false")
        case .number(let number):
            JavaScriptNumberFormat.write(number, into: &buffer)
        case .string(let string):
            Self.write(string, into: &buffer)
        case .array(let elements):
            buffer.writeInteger(UInt8(ascii: "["))
            for (position, element) in elements.enumerated() {
                if position > 0 { buffer.writeInteger(UInt8(ascii: ",")) }
                write(element, into: &buffer)
            }
            buffer.writeInteger(UInt8(ascii: "]"))
        case .object(let object):
            buffer.writeInteger(UInt8(ascii: "{"))
            for (position, member) in object.members.enumerated() {
                if position > 0 { buffer.writeInteger(UInt8(ascii: ",")) }
                Self.write(member.key, into: &buffer)
                buffer.writeInteger(UInt8(ascii: ":"))
                write(member.value, into: &buffer)
            }
            buffer.writeInteger(UInt8(ascii: "}"))
        case .binary:
            switch binaryRepresentation {
            case .null:
                buffer.writeStaticString("null")
            case .placeholders:
                BinaryPlaceholder.write(number: placeholderCount, into: &buffer)
                placeholderCount += 1
            }
        }
    }

    /// Writes a string literal; runs of bytes that need no escape are copied in one go.
    static func write(_ string: String, into buffer: inout ByteBuffer) {
        buffer.writeInteger(UInt8(ascii: "\""))
        string.utf8.withContiguousBytes { utf8 in
            var runStart = 0
            for (position, byte) in utf8.enumerated() where byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") {
                buffer.writeBytes(utf8[runStart..<position])
                writeEscape(for: byte, into: &buffer)
                runStart = position + 1
            }
            buffer.writeBytes(utf8[runStart...])
        }
        buffer.writeInteger(UInt8(ascii: "\""))
    }

    private static func writeEscape(for byte: UInt8, into buffer: inout ByteBuffer) {
        switch byte {
        case UInt8(ascii: "\""): buffer.writeStaticString("\\\"")
        case UInt8(ascii: "\\"): buffer.writeStaticString("\\\\")
        case 0x08: buffer.writeStaticString("\\b")
        case 0x0C: buffer.writeStaticString("\\f")
        case 0x0A: buffer.writeStaticString("\\n")
        case 0x0D: buffer.writeStaticString("\\r")
        case 0x09: buffer.writeStaticString("\\t")
        default:
            buffer.writeStaticString("\\u00")
            buffer.writeInteger(hexDigits[Int(byte >> 4)])
            buffer.writeInteger(hexDigits[Int(byte & 0x0F)])
        }
    }

    private static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)
}
