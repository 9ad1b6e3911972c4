/// The `Encoder` behind `SocketIOValueEncoder`.
///
/// Containers are handed out by value but share the storage of the encoder that made them, so
/// values encoded through a container (or a nested container, or a super encoder, which are
/// child encoders) land in that encoder. The encoder is its own single-value container.
final class ValueEncoding: Encoder, SingleValueEncodingContainer {
    /// One element or member: a finished value, or a child encoder still being filled.
    fileprivate enum Part {
        case value(SocketIOValue)
        case child(ValueEncoding)

        var value: SocketIOValue {
            switch self {
            case .value(let value): value
            case .child(let encoder): encoder.value
            }
        }
    }

    fileprivate final class ArrayStorage {
        var elements: [Part] = []
    }

    fileprivate final class ObjectStorage {
        var members: [(key: String, part: Part)] = []
    }

    private enum Storage {
        case value(SocketIOValue)
        case array(ArrayStorage)
        case object(ObjectStorage)
    }

    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }
    private var storage: Storage?

    private init(codingPath: [any CodingKey]) {
        self.codingPath = codingPath
    }

    /// Encodes `value`: bridged types directly, others through their `encode(to:)`.
    static func encode<T: Encodable>(_ value: T, codingPath: [any CodingKey]) throws -> SocketIOValue {
        if let bridged = value as? any SocketIOValueBridged {
            return try bridged.bridgedValue(codingPath: codingPath)
        }
        let encoder = ValueEncoding(codingPath: codingPath)
        try value.encode(to: encoder)
        return encoder.value
    }

    /// What was encoded; an empty object when nothing was.
    private var value: SocketIOValue {
        switch storage {
        case nil: .object(SocketIOObject())
        case .value(let value)?: value
        case .array(let array)?: .array(array.elements.map(\.value))
        case .object(let object)?: .object(SocketIOObject(object.members.map { ($0.key, $0.part.value) }))
        }
    }

    fileprivate func child(at key: any CodingKey) -> ValueEncoding {
        ValueEncoding(codingPath: codingPath + [key])
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        let object: ObjectStorage
        if case .object(let existing)? = storage {
            object = existing
        } else {
            object = ObjectStorage()
            storage = .object(object)
        }
        return KeyedEncodingContainer(KeyedContainer(encoder: self, object: object))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        let array: ArrayStorage
        if case .array(let existing)? = storage {
            array = existing
        } else {
            array = ArrayStorage()
            storage = .array(array)
        }
        return UnkeyedContainer(encoder: self, array: array)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer { self }

    func encodeNil() {
        storage = .value(.null)
    }

    /// Also the witness for every primitive overload: primitives are `SocketIOValueBridged`.
    func encode<T: Encodable>(_ value: T) throws {
        storage = .value(try Self.encode(value, codingPath: codingPath))
    }
}

private struct KeyedContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let encoder: ValueEncoding
    fileprivate let object: ValueEncoding.ObjectStorage

    var codingPath: [any CodingKey] { encoder.codingPath }

    mutating func encodeNil(forKey key: Key) {
        object.members.append((key.stringValue, .value(.null)))
    }

    /// Also the witness for every primitive overload: primitives are `SocketIOValueBridged`.
    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        object.members.append((key.stringValue, .value(try ValueEncoding.encode(value, codingPath: codingPath + [key]))))
    }

    mutating func nestedContainer<NestedKey: CodingKey>(
        keyedBy keyType: NestedKey.Type,
        forKey key: Key
    ) -> KeyedEncodingContainer<NestedKey> {
        child(at: key).container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        child(at: key).unkeyedContainer()
    }

    mutating func superEncoder() -> any Encoder { child(at: SocketIOCodingKey.super) }

    mutating func superEncoder(forKey key: Key) -> any Encoder { child(at: key) }

    private func child(at key: any CodingKey) -> ValueEncoding {
        let child = encoder.child(at: key)
        object.members.append((key.stringValue, .child(child)))
        return child
    }
}

private struct UnkeyedContainer: UnkeyedEncodingContainer {
    let encoder: ValueEncoding
    fileprivate let array: ValueEncoding.ArrayStorage

    var codingPath: [any CodingKey] { encoder.codingPath }
    var count: Int { array.elements.count }

    mutating func encodeNil() {
        array.elements.append(.value(.null))
    }

    /// Also the witness for every primitive overload: primitives are `SocketIOValueBridged`.
    mutating func encode<T: Encodable>(_ value: T) throws {
        let path = codingPath + [SocketIOCodingKey(intValue: count)]
        array.elements.append(.value(try ValueEncoding.encode(value, codingPath: path)))
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        nextChild().container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        nextChild().unkeyedContainer()
    }

    mutating func superEncoder() -> any Encoder { nextChild() }

    private func nextChild() -> ValueEncoding {
        let child = encoder.child(at: SocketIOCodingKey(intValue: count))
        array.elements.append(.child(child))
        return child
    }
}
