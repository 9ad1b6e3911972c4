import NIOCore

/// Writes a `SocketIOValue` as compact JSON, byte for byte as `JSON.stringify` prints it.
///
/// Object members keep their order; strings escape only `"`, `\` and control characters, and
/// otherwise stay raw UTF-8 (so `/` and non-ASCII are not escaped). JSON has no binary type: the
/// packet encoder writes each binary value as a placeholder, anything else writes it as `null`.
///
/// Writing takes two walks over the value: one to bound the output's length, so that the buffer
/// is grown once, and one to write it through an `OutputCursor`.
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

    /// Appends `value` to `buffer`.
    mutating func write(_ value: SocketIOValue, into buffer: inout ByteBuffer) {
        let length = maximumLength(of: value)
        buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: length) { bytes in
            var output = OutputCursor(bytes)
            write(value, to: &output)
            return output.count
        }
    }

    /// An upper bound of the bytes `write` produces for `value` (exact but for fractions).
    func maximumLength(of value: SocketIOValue) -> Int {
        switch value {
        case .null: 4
        case .bool(let bool): bool ? 4 : 5
        case .number(let number): JavaScriptNumberFormat.maximumLength(of: number)
        case .string(let string): Self.length(of: string)
        case .array(let elements): elements.reduce(max(2, elements.count + 1)) { $0 + maximumLength(of: $1) }
        case .object(let object):
            object.members.reduce(max(2, 2 * object.count + 1)) { $0 + Self.length(of: $1.key) + maximumLength(of: $1.value) }
        case .binary: binaryRepresentation == .null ? 4 : BinaryPlaceholder.maximumLength
        }
    }

    mutating func write(_ value: SocketIOValue, to output: inout OutputCursor) {
        switch value {
        case .null:
            output.write("null")
        case .bool(let bool):
            output.write(bool ? "true" : "false")
        case .number(let number):
            JavaScriptNumberFormat.write(number, to: &output)
        case .string(let string):
            Self.write(string, to: &output)
        case .array(let elements):
            output.write(UInt8(ascii: "["))
            for (position, element) in elements.enumerated() {
                if position > 0 { output.write(UInt8(ascii: ",")) }
                write(element, to: &output)
            }
            output.write(UInt8(ascii: "]"))
        case .object(let object):
            output.write(UInt8(ascii: "{"))
            for (position, member) in object.members.enumerated() {
                if position > 0 { output.write(UInt8(ascii: ",")) }
                Self.write(member.key, to: &output)
                output.write(UInt8(ascii: ":"))
                write(member.value, to: &output)
            }
            output.write(UInt8(ascii: "}"))
        case .binary:
            switch binaryRepresentation {
            case .null:
                output.write("null")
            case .placeholders:
                BinaryPlaceholder.write(number: placeholderCount, to: &output)
                placeholderCount += 1
            }
        }
    }

    /// The exact length of `string` as a JSON string literal.
    static func length(of string: String) -> Int {
        string.utf8.withContiguousBytes { utf8 in
            var length = utf8.count + 2
            for byte in utf8 where needsEscape(byte) {
                length += escapeLength(of: byte) - 1
            }
            return length
        }
    }

    /// Writes a string literal; runs of bytes that need no escape are copied in one go.
    static func write(_ string: String, to output: inout OutputCursor) {
        output.write(UInt8(ascii: "\""))
        string.utf8.withContiguousBytes { utf8 in
            let bytes = UnsafeRawBufferPointer(utf8)
            var runStart = 0
            for position in bytes.indices where needsEscape(bytes[position]) {
                output.write(UnsafeRawBufferPointer(rebasing: bytes[runStart..<position]))
                writeEscape(for: bytes[position], to: &output)
                runStart = position + 1
            }
            output.write(UnsafeRawBufferPointer(rebasing: bytes[runStart...]))
        }
        output.write(UInt8(ascii: "\""))
    }

    private static func needsEscape(_ byte: UInt8) -> Bool {
        byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\")
    }

    /// The length of the escape `writeEscape` writes for `byte`.
    private static func escapeLength(of byte: UInt8) -> Int {
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), 0x08, 0x0C, 0x0A, 0x0D, 0x09: 2
        default: 6
        }
    }

    private static func writeEscape(for byte: UInt8, to output: inout OutputCursor) {
        switch byte {
        case UInt8(ascii: "\""): output.write("\\\"")
        case UInt8(ascii: "\\"): output.write("\\\\")
        case 0x08: output.write("\\b")
        case 0x0C: output.write("\\f")
        case 0x0A: output.write("\\n")
        case 0x0D: output.write("\\r")
        case 0x09: output.write("\\t")
        default:
            output.write("\\u00")
            output.write(hexDigit(byte >> 4))
            output.write(hexDigit(byte & 0x0F))
        }
    }

    private static func hexDigit(_ value: UInt8) -> UInt8 {
        value < 10 ? UInt8(ascii: "0") + value : UInt8(ascii: "a") + value - 10
    }
}
