#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import NIOCore

/// Types that the Codable bridge maps straight to a `SocketIOValue`, bypassing their own
/// `Codable` implementation: JSON's primitives, `SocketIOValue` itself, and binary data
/// (`ByteBuffer`, `Data`), which becomes an attachment rather than base64 or an array of bytes.
protocol SocketIOValueBridged {
    /// This value as a `SocketIOValue`; throws `EncodingError.invalidValue` when it has none.
    func bridgedValue(codingPath: [any CodingKey]) throws -> SocketIOValue
    /// Reads a value of this type; throws `DecodingError` when `value` does not hold one.
    init(bridging value: SocketIOValue, codingPath: [any CodingKey]) throws
}

extension SocketIOValue: SocketIOValueBridged {
    func bridgedValue(codingPath: [any CodingKey]) -> SocketIOValue { self }
    init(bridging value: SocketIOValue, codingPath: [any CodingKey]) { self = value }
}

extension Bool: SocketIOValueBridged {
    func bridgedValue(codingPath: [any CodingKey]) -> SocketIOValue { .bool(self) }

    init(bridging value: SocketIOValue, codingPath: [any CodingKey]) throws {
        guard case .bool(let bool) = value else { throw DecodingError.mismatch(Self.self, found: value, at: codingPath) }
        self = bool
    }
}

extension String: SocketIOValueBridged {
    func bridgedValue(codingPath: [any CodingKey]) -> SocketIOValue { .string(self) }

    init(bridging value: SocketIOValue, codingPath: [any CodingKey]) throws {
        guard case .string(let string) = value else { throw DecodingError.mismatch(Self.self, found: value, at: codingPath) }
        self = string
    }
}

extension ByteBuffer: SocketIOValueBridged {
    func bridgedValue(codingPath: [any CodingKey]) -> SocketIOValue { .binary(self) }

    init(bridging value: SocketIOValue, codingPath: [any CodingKey]) throws {
        guard case .binary(let bytes) = value else { throw DecodingError.mismatch(Self.self, found: value, at: codingPath) }
        self = bytes
    }
}

extension Data: SocketIOValueBridged {
    func bridgedValue(codingPath: [any CodingKey]) -> SocketIOValue { .binary(ByteBuffer(bytes: self)) }

    init(bridging value: SocketIOValue, codingPath: [any CodingKey]) throws {
        self.init(try ByteBuffer(bridging: value, codingPath: codingPath).readableBytesView)
    }
}

/// Floating-point numbers: finite values only, as `JSONEncoder` does by default (JavaScript
/// would send NaN and the infinities as `null`).
extension SocketIOValueBridged where Self: BinaryFloatingPoint {
    func bridgedValue(codingPath: [any CodingKey]) throws -> SocketIOValue {
        guard isFinite else {
            throw EncodingError.invalidValue(self, .init(codingPath: codingPath, debugDescription: "\(self) is not a JSON number"))
        }
        return .number(Double(self))
    }

    init(bridging value: SocketIOValue, codingPath: [any CodingKey]) throws {
        guard case .number(let number) = value else { throw DecodingError.mismatch(Self.self, found: value, at: codingPath) }
        self.init(number)
        guard isFinite else { throw DecodingError.outOfRange(number, for: Self.self, at: codingPath) }
    }
}

extension Double: SocketIOValueBridged {}
extension Float: SocketIOValueBridged {}

/// Integers: only values a JavaScript number holds exactly are encoded, and decoding takes only
/// integral numbers within the type's range.
extension SocketIOValueBridged where Self: FixedWidthInteger {
    func bridgedValue(codingPath: [any CodingKey]) throws -> SocketIOValue {
        guard let number = Double(exactly: self) else {
            let description = "\(self) is not exactly representable as a JavaScript number"
            throw EncodingError.invalidValue(self, .init(codingPath: codingPath, debugDescription: description))
        }
        return .number(number)
    }

    init(bridging value: SocketIOValue, codingPath: [any CodingKey]) throws {
        guard case .number(let number) = value else { throw DecodingError.mismatch(Self.self, found: value, at: codingPath) }
        guard let integer = Self(exactly: number) else { throw DecodingError.outOfRange(number, for: Self.self, at: codingPath) }
        self = integer
    }
}

extension Int: SocketIOValueBridged {}
extension Int8: SocketIOValueBridged {}
extension Int16: SocketIOValueBridged {}
extension Int32: SocketIOValueBridged {}
extension Int64: SocketIOValueBridged {}
extension Int128: SocketIOValueBridged {}
extension UInt: SocketIOValueBridged {}
extension UInt8: SocketIOValueBridged {}
extension UInt16: SocketIOValueBridged {}
extension UInt32: SocketIOValueBridged {}
extension UInt64: SocketIOValueBridged {}
extension UInt128: SocketIOValueBridged {}

extension DecodingError {
    /// `valueNotFound` for `null`, else `typeMismatch`, as `JSONDecoder` reports them.
    static func mismatch(_ type: Any.Type, found value: SocketIOValue, at codingPath: [any CodingKey]) -> DecodingError {
        let context = Context(codingPath: codingPath, debugDescription: "Expected \(type) but found \(value.typeDescription)")
        if case .null = value { return .valueNotFound(type, context) }
        return .typeMismatch(type, context)
    }

    /// A number that the requested numeric type cannot hold.
    static func outOfRange(_ number: Double, for type: Any.Type, at codingPath: [any CodingKey]) -> DecodingError {
        .dataCorrupted(Context(codingPath: codingPath, debugDescription: "The number \(number) does not fit in \(type)"))
    }
}

extension SocketIOValue {
    /// What kind of value this is, for error messages.
    var typeDescription: String {
        switch self {
        case .null: "null"
        case .bool: "a boolean"
        case .number: "a number"
        case .string: "a string"
        case .array: "an array"
        case .object: "an object"
        case .binary: "binary data"
        }
    }
}
