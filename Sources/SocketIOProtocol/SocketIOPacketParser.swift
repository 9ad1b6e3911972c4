/// Parses the text of one Socket.IO packet (without the Engine.IO `4`), following Node's
/// socket.io-parser step by step plus the stricter rules of our protocol brief (§5.1, §5.2).
enum SocketIOPacketParser {
    /// A parsed packet text.
    struct Result {
        /// The packet, with a binary kind already turned into `.event` or `.ack`.
        var packet: SocketIOPacket
        /// For BINARY_EVENT and BINARY_ACK, how many binary messages follow; `nil` otherwise.
        var attachmentCount: Int?
    }

    /// The largest acknowledgement id: 2^53 − 1, the largest integer a JavaScript number holds.
    static let maximumAckID: UInt64 = (1 << 53) - 1

    static func parse(_ text: UnsafeBufferPointer<UInt8>, maxAttachments: Int) throws(SocketIODecodingError) -> Result {
        guard let typeByte = text.first else { throw .missingPayload }
        guard (UInt8(ascii: "0")...UInt8(ascii: "6")).contains(typeByte),
            let kind = SocketIOPacket.Kind(rawValue: typeByte - UInt8(ascii: "0"))
        else { throw .unknownPacketType(typeByte) }
        var index = 1

        var attachmentCount: Int?
        if kind.isBinary {
            guard let dash = text[index...].firstIndex(of: UInt8(ascii: "-")) else { throw .illegalAttachments }
            var count = 0
            for byte in text[index..<dash] {
                guard let digit = byte.asciiDigitValue else { throw .illegalAttachments }
                count = min(count * 10 + Int(digit), maxAttachments + 1)
            }
            guard count <= maxAttachments else { throw .tooManyAttachments(limit: maxAttachments) }
            attachmentCount = count
            index = dash + 1
        }

        var namespace = "/"
        if index < text.count, text[index] == UInt8(ascii: "/") {
            let end = text[index...].firstIndex(of: UInt8(ascii: ",")) ?? text.count
            let name = UnsafeBufferPointer(rebasing: text[index..<end])
            guard !name.contains(where: { $0 < 0x20 || $0 == 0x7F }) else { throw .invalidNamespace }
            namespace = String(decoding: name, as: UTF8.self)
            index = min(end + 1, text.count)
        }

        var ackID: UInt64?  // ASCII digits only: Node's test also takes a space for a digit
        if index < text.count, text[index].asciiDigitValue != nil {
            var id: UInt64 = 0
            while index < text.count, let digit = text[index].asciiDigitValue {
                id = id * 10 + UInt64(digit)
                guard id <= maximumAckID else { throw .invalidAckID }
                index += 1
            }
            ackID = id
        }

        var data: SocketIOValue?
        if index < text.count {
            guard !text[index].isJSONWhitespace else { throw .invalidPayload(kind) }
            do {
                data = try JSONParser.parse(UnsafeBufferPointer(rebasing: text[index...]))
            } catch {
                throw .invalidJSON(error)
            }
        }
        try validate(data, for: kind)
        let packet = SocketIOPacket(kind: kind.plainCounterpart, namespace: namespace, ackID: ackID, data: data)
        return Result(packet: packet, attachmentCount: attachmentCount)
    }

    /// Checks that the payload has the shape the packet kind requires.
    private static func validate(_ data: SocketIOValue?, for kind: SocketIOPacket.Kind) throws(SocketIODecodingError) {
        switch (kind, data) {
        case (.connect, nil), (.connect, .object?),
            (.disconnect, nil),
            (.connectError, nil), (.connectError, .string?), (.connectError, .object?),
            (.ack, nil), (.ack, .array?), (.binaryAck, nil), (.binaryAck, .array?):
            return
        case (.event, .array(let arguments)?), (.binaryEvent, .array(let arguments)?):
            switch arguments.first {
            case .number?:
                return
            case .string(let name)?:
                guard !SocketIOPacket.reservedEventNames.contains(name) else { throw .reservedEventName(name) }
            default:
                throw .invalidPayload(kind)
            }
        default:
            throw .invalidPayload(kind)
        }
    }
}
