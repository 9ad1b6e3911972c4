/// Encodes `Encodable` values into `SocketIOValue`s, ready to be sent as event arguments.
///
/// Keys keep the order the type encodes them in. `ByteBuffer` and `Data` become `.binary` (sent
/// as attachments). Numbers become `.number`: integers must be exactly representable as a
/// JavaScript number (every integer up to 2^53 in magnitude is) and floating-point values must
/// be finite, else `EncodingError.invalidValue` is thrown. `nil` encodes as `.null`; a value
/// that encodes nothing at all becomes an empty object.
public struct SocketIOValueEncoder: Sendable {
    /// Creates an encoder.
    public init() {}

    /// Encodes `value`.
    public func encode<T: Encodable>(_ value: T) throws -> SocketIOValue {
        try ValueEncoding.encode(value, codingPath: [])
    }
}
