extension SocketIOValue: ExpressibleByStringLiteral {
    /// A `.string`.
    public init(stringLiteral value: String) {
        self = .string(value)
    }
}

/// Interpolated literals (`"item \(index)"`) are `.string`s too.
extension SocketIOValue: ExpressibleByStringInterpolation {}

extension SocketIOValue: ExpressibleByIntegerLiteral {
    /// A `.number`.
    public init(integerLiteral value: Int) {
        self = .number(Double(value))
    }
}

extension SocketIOValue: ExpressibleByFloatLiteral {
    /// A `.number`.
    public init(floatLiteral value: Double) {
        self = .number(value)
    }
}

extension SocketIOValue: ExpressibleByBooleanLiteral {
    /// A `.bool`.
    public init(booleanLiteral value: Bool) {
        self = .bool(value)
    }
}

extension SocketIOValue: ExpressibleByArrayLiteral {
    /// An `.array`.
    public init(arrayLiteral elements: SocketIOValue...) {
        self = .array(elements)
    }
}

extension SocketIOValue: ExpressibleByDictionaryLiteral {
    /// An `.object` whose members keep the literal's order.
    public init(dictionaryLiteral elements: (String, SocketIOValue)...) {
        self = .object(SocketIOObject(elements))
    }
}
