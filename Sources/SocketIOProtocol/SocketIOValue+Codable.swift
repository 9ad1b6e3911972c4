extension SocketIOValue: Codable {
    /// Encodes the value with any encoder; `SocketIOValueEncoder` takes it as it is instead.
    ///
    /// Binary data is encoded as a `ByteBuffer` (base64 text with most encoders).
    public func encode(to encoder: any Encoder) throws {
        switch self {
        case .array(let elements):
            var container = encoder.unkeyedContainer()
            for element in elements { try container.encode(element) }
        case .object(let object):
            var container = encoder.container(keyedBy: SocketIOCodingKey.self)
            for member in object.members { try container.encode(member.value, forKey: SocketIOCodingKey(stringValue: member.key)) }
        case .null:
            var container = encoder.singleValueContainer()
            try container.encodeNil()
        case .bool(let bool):
            var container = encoder.singleValueContainer()
            try container.encode(bool)
        case .number(let number):
            var container = encoder.singleValueContainer()
            try container.encode(number)
        case .string(let string):
            var container = encoder.singleValueContainer()
            try container.encode(string)
        case .binary(let bytes):
            var container = encoder.singleValueContainer()
            try container.encode(bytes)
        }
    }

    /// Decodes any JSON value from any decoder; object members come in the order of the
    /// decoder's `allKeys`. `SocketIOValueDecoder` hands the value over as it is instead.
    public init(from decoder: any Decoder) throws {
        if let container = try? decoder.container(keyedBy: SocketIOCodingKey.self) {
            let members = try container.allKeys.map { key in (key.stringValue, try container.decode(SocketIOValue.self, forKey: key)) }
            self = .object(SocketIOObject(members))
        } else if var container = try? decoder.unkeyedContainer() {
            var elements: [SocketIOValue] = []
            while !container.isAtEnd { elements.append(try container.decode(SocketIOValue.self)) }
            self = .array(elements)
        } else {
            let container = try decoder.singleValueContainer()
            if container.decodeNil() {
                self = .null
            } else if let bool = try? container.decode(Bool.self) {
                self = .bool(bool)
            } else if let number = try? container.decode(Double.self) {
                self = .number(number)
            } else {
                self = .string(try container.decode(String.self))
            }
        }
    }
}
