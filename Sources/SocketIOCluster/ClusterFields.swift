import SocketIOProtocol

/// The members of one object of a cluster message, read with errors that name the member's path.
///
/// An absent member and a `null` one are the same to the optional readers: `JSON.stringify`
/// drops `undefined` members, while MessagePack writes them as nil.
struct ClusterFields {
    private let object: SocketIOObject
    private let path: String

    /// The members of `value`, which must be an object; `path` names it (empty for the envelope).
    init(_ value: SocketIOValue, path: String) throws(ClusterMessageDecodingError) {
        guard case .object(let object) = value else { throw .invalidField(path.isEmpty ? "(envelope)" : path) }
        self.object = object
        self.path = path
    }

    /// The path of member `key`.
    func path(of key: String) -> String {
        path.isEmpty ? key : path + "." + key
    }

    /// Member `key` as it is, `null` included.
    func member(_ key: String) -> SocketIOValue? {
        object[key]
    }

    /// Member `key` converted by `convert`; absent or `null` is `nil`, a failed conversion an error.
    func optional<Value>(
        _ key: String, _ convert: (SocketIOValue) -> Value?
    ) throws(ClusterMessageDecodingError) -> Value? {
        guard let value = object[key], !value.isNull else { return nil }
        guard let converted = convert(value) else { throw .invalidField(path(of: key)) }
        return converted
    }

    /// Member `key` converted by `convert`; absent, `null` or a failed conversion is an error.
    func required<Value>(
        _ key: String, _ convert: (SocketIOValue) -> Value?
    ) throws(ClusterMessageDecodingError) -> Value {
        guard let value = try optional(key, convert) else { throw .missingField(path(of: key)) }
        return value
    }

    /// Member `key`, which must be an object.
    func object(_ key: String) throws(ClusterMessageDecodingError) -> ClusterFields {
        guard let object = try optionalObject(key) else { throw .missingField(path(of: key)) }
        return object
    }

    /// Member `key`, which must be an object when present and not `null`.
    func optionalObject(_ key: String) throws(ClusterMessageDecodingError) -> ClusterFields? {
        guard let value = object[key], !value.isNull else { return nil }
        return try ClusterFields(value, path: path(of: key))
    }

    /// Member `key` as an array of objects.
    func objects(_ key: String) throws(ClusterMessageDecodingError) -> [ClusterFields] {
        var objects: [ClusterFields] = []
        for (index, element) in try required(key, \.arrayValue).enumerated() {
            objects.append(try ClusterFields(element, path: "\(path(of: key))[\(index)]"))
        }
        return objects
    }

    /// An array whose elements are all strings.
    static func strings(_ value: SocketIOValue) -> [String]? {
        guard let elements = value.arrayValue else { return nil }
        var strings: [String] = []
        strings.reserveCapacity(elements.count)
        for element in elements {
            guard let string = element.stringValue else { return nil }
            strings.append(string)
        }
        return strings
    }

    /// A number that is an integer JavaScript holds exactly (|x| ≤ 2^53 − 1).
    static func integer(_ value: SocketIOValue) -> Int64? {
        guard let number = value.numberValue, let integer = Int64(exactly: number),
            integer.magnitude < 1 << 53
        else { return nil }
        return integer
    }
}
