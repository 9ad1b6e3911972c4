/// Decodes `Decodable` values from `SocketIOValue`s, such as received event arguments.
///
/// `ByteBuffer` and `Data` decode from `.binary`. Integer types accept only integral numbers in
/// their range, `Float` only numbers within its range. A missing key or `null` decodes as `nil`
/// for an optional; for anything else it throws `keyNotFound` or `valueNotFound`.
public struct SocketIOValueDecoder: Sendable {
    /// Creates a decoder.
    public init() {}

    /// Decodes a value of `type` from `value`.
    public func decode<T: Decodable>(_ type: T.Type, from value: SocketIOValue) throws -> T {
        try ValueDecoding(value: value, codingPath: []).decode(type)
    }
}
