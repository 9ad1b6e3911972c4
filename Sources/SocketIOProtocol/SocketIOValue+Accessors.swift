import NIOCore

extension SocketIOValue {
    /// The string, when this is a `.string`.
    public var stringValue: String? {
        if case .string(let string) = self { return string }
        return nil
    }

    /// The number, when this is a `.number`.
    public var numberValue: Double? {
        if case .number(let number) = self { return number }
        return nil
    }

    /// The boolean, when this is a `.bool`.
    public var boolValue: Bool? {
        if case .bool(let bool) = self { return bool }
        return nil
    }

    /// The elements, when this is an `.array`.
    public var arrayValue: [SocketIOValue]? {
        if case .array(let elements) = self { return elements }
        return nil
    }

    /// The object, when this is an `.object`.
    public var objectValue: SocketIOObject? {
        if case .object(let object) = self { return object }
        return nil
    }

    /// The bytes, when this is `.binary`.
    public var binaryValue: ByteBuffer? {
        if case .binary(let bytes) = self { return bytes }
        return nil
    }

    /// Whether this is `.null`.
    public var isNull: Bool {
        if case .null = self { return true }
        return false
    }

    /// Whether binary data appears anywhere in this value (the test that makes an EVENT a
    /// BINARY_EVENT). Stops at the first one found.
    public var containsBinary: Bool {
        switch self {
        case .binary: true
        case .array(let elements): elements.contains { $0.containsBinary }
        case .object(let object): object.members.contains { $0.value.containsBinary }
        case .null, .bool, .number, .string: false
        }
    }
}
