/// The `Decoder` behind `SocketIOValueDecoder`: a value and where it sits. It is its own
/// single-value container, and the containers it hands out make one for each element they decode.
struct ValueDecoding: Decoder, SingleValueDecodingContainer {
    let value: SocketIOValue
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        guard case .object(let object) = value else {
            throw DecodingError.mismatch([String: SocketIOValue].self, found: value, at: codingPath)
        }
        return KeyedDecodingContainer(KeyedContainer(object: object, codingPath: codingPath))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        guard case .array(let elements) = value else {
            throw DecodingError.mismatch([SocketIOValue].self, found: value, at: codingPath)
        }
        return UnkeyedContainer(elements: elements, codingPath: codingPath)
    }

    func singleValueContainer() -> any SingleValueDecodingContainer { self }

    func decodeNil() -> Bool {
        if case .null = value { return true }
        return false
    }

    /// Decodes bridged types directly, others through their `init(from:)`. Also the witness for
    /// every primitive overload: primitives are `SocketIOValueBridged`.
    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        if let bridged = type as? any SocketIOValueBridged.Type {
            // The cast cannot fail: `bridged` is `T.self`.
            return try bridged.init(bridging: value, codingPath: codingPath) as! T
        }
        return try T(from: self)
    }
}

private struct KeyedContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let codingPath: [any CodingKey]
    let allKeys: [Key]
    private let members: [String: SocketIOValue]

    init(object: SocketIOObject, codingPath: [any CodingKey]) {
        self.codingPath = codingPath
        self.allKeys = object.keys.compactMap(Key.init(stringValue:))
        self.members = Dictionary(uniqueKeysWithValues: object.members.lazy.map { ($0.key, $0.value) })
    }

    func contains(_ key: Key) -> Bool { members[key.stringValue] != nil }

    func decodeNil(forKey key: Key) throws -> Bool { try decoder(for: key).decodeNil() }

    /// Also the witness for every primitive overload.
    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T { try decoder(for: key).decode(type) }

    func nestedContainer<NestedKey: CodingKey>(
        keyedBy type: NestedKey.Type,
        forKey key: Key
    ) throws -> KeyedDecodingContainer<NestedKey> {
        try decoder(for: key).container(keyedBy: type)
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        try decoder(for: key).unkeyedContainer()
    }

    /// A decoder for the `super` member, or for `null` when there is none (as `JSONDecoder` does).
    func superDecoder() -> any Decoder { optionalDecoder(for: SocketIOCodingKey.super) }

    func superDecoder(forKey key: Key) -> any Decoder { optionalDecoder(for: key) }

    private func decoder(for key: Key) throws -> ValueDecoding {
        guard let value = members[key.stringValue] else {
            let context = DecodingError.Context(codingPath: codingPath, debugDescription: "No value for key \"\(key.stringValue)\"")
            throw DecodingError.keyNotFound(key, context)
        }
        return ValueDecoding(value: value, codingPath: codingPath + [key])
    }

    private func optionalDecoder(for key: any CodingKey) -> ValueDecoding {
        ValueDecoding(value: members[key.stringValue] ?? .null, codingPath: codingPath + [key])
    }
}

private struct UnkeyedContainer: UnkeyedDecodingContainer {
    let elements: [SocketIOValue]
    let codingPath: [any CodingKey]
    private(set) var currentIndex = 0

    init(elements: [SocketIOValue], codingPath: [any CodingKey]) {
        self.elements = elements
        self.codingPath = codingPath
    }

    var count: Int? { elements.count }
    var isAtEnd: Bool { currentIndex >= elements.count }

    mutating func decodeNil() throws -> Bool {
        let isNull = try currentDecoder(for: Any?.self).decodeNil()
        if isNull { currentIndex += 1 }
        return isNull
    }

    /// Also the witness for every primitive overload.
    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T {
        try advancing { try $0.decode(type) }
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
        try advancing { try $0.container(keyedBy: type) }
    }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
        try advancing { try $0.unkeyedContainer() }
    }

    mutating func superDecoder() throws -> any Decoder {
        try advancing { $0 }
    }

    /// Runs `body` on the current element and moves past it when `body` succeeds.
    private mutating func advancing<Result>(_ body: (ValueDecoding) throws -> Result) throws -> Result {
        let result = try body(try currentDecoder(for: Result.self))
        currentIndex += 1
        return result
    }

    private func currentDecoder(for type: Any.Type) throws -> ValueDecoding {
        guard !isAtEnd else {
            let context = DecodingError.Context(codingPath: codingPath, debugDescription: "Unkeyed container is at end")
            throw DecodingError.valueNotFound(type, context)
        }
        return ValueDecoding(value: elements[currentIndex], codingPath: codingPath + [SocketIOCodingKey(intValue: currentIndex)])
    }
}
