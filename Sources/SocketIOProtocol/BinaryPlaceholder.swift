import NIOCore

/// The `{"_placeholder":true,"num":N}` objects that stand for binary attachments in the JSON of
/// BINARY_EVENT and BINARY_ACK packets (deconstruction when sending, reconstruction on receipt).
enum BinaryPlaceholder {
    /// Appends every binary value in `value` to `attachments`, depth first (array elements by
    /// index, object members in order): the order in which `JSONWriter` numbers placeholders.
    static func collectAttachments(in value: SocketIOValue, into attachments: inout [ByteBuffer]) {
        switch value {
        case .binary(let bytes):
            attachments.append(bytes)
        case .array(let elements):
            for element in elements { collectAttachments(in: element, into: &attachments) }
        case .object(let object):
            for member in object.members { collectAttachments(in: member.value, into: &attachments) }
        case .null, .bool, .number, .string:
            break
        }
    }

    /// The most bytes a placeholder takes (with a 20-digit number).
    static let maximumLength = 48

    /// Writes the placeholder for attachment `number`, keys in the order Node writes them.
    static func write(number: Int, to output: inout OutputCursor) {
        output.write("{\"_placeholder\":true,\"num\":")
        output.writeDecimal(UInt64(number))
        output.write(UInt8(ascii: "}"))
    }

    /// Replaces every object whose `_placeholder` is `true` by attachment `num`.
    ///
    /// Throws `invalidPlaceholder` when `num` is not an integer with `0 ≤ num < attachments.count`.
    static func substitute(
        in value: SocketIOValue,
        attachments: [ByteBuffer]
    ) throws(SocketIODecodingError) -> SocketIOValue {
        switch value {
        case .array(let elements):
            return .array(try elements.map { (element) throws(SocketIODecodingError) in
                try substitute(in: element, attachments: attachments)
            })
        case .object(let object) where object["_placeholder"] == .bool(true):
            guard case .number(let number)? = object["num"], let index = Int(exactly: number),
                attachments.indices.contains(index)
            else { throw .invalidPlaceholder }
            return .binary(attachments[index])
        case .object(let object):
            return .object(try object.mapValues { (member) throws(SocketIODecodingError) in
                try substitute(in: member, attachments: attachments)
            })
        case .null, .bool, .number, .string, .binary:
            return value
        }
    }
}
