import NIOCore

/// One value of a Socket.IO payload: JSON, plus binary data anywhere in it.
///
/// Unlike Foundation's JSON types it keeps object key order, keeps `true` apart from `1`, and
/// carries binary attachments in place (they travel as separate Engine.IO binary messages).
public enum SocketIOValue: Sendable, Hashable {
    /// JSON `null`.
    case null
    /// JSON `true` / `false`.
    case bool(Bool)
    /// A JSON number (a double, as in JavaScript).
    case number(Double)
    /// A JSON string.
    case string(String)
    /// A JSON array.
    case array([SocketIOValue])
    /// A JSON object, keys in order.
    case object(SocketIOObject)
    /// Binary data, sent as an attachment.
    case binary(ByteBuffer)
}

/// A JSON object whose members keep their order (the order they were decoded or inserted in).
public struct SocketIOObject: Sendable, Hashable, ExpressibleByDictionaryLiteral {
    /// The members, in order; keys are unique.
    public private(set) var members: [(key: String, value: SocketIOValue)]

    /// An empty object.
    public init() {
        members = []
    }

    /// An object with these members; a repeated key keeps its first position and last value.
    ///
    /// Linear in the number of members (as `JSON.parse` keeps duplicate keys).
    public init(_ members: [(String, SocketIOValue)]) {
        self.members = []
        self.members.reserveCapacity(members.count)
        guard members.count > Self.linearLookupLimit else {
            for (key, value) in members { self[key] = value }
            return
        }
        var positions = [String: Int](minimumCapacity: members.count)
        for (key, value) in members {
            if let position = positions[key] {
                self.members[position].value = value
            } else {
                positions[key] = self.members.count
                self.members.append((key, value))
            }
        }
    }

    /// Up to this many members, finding a repeated key by scanning beats hashing every key.
    private static let linearLookupLimit = 16

    /// An object with the literal's members, in order.
    public init(dictionaryLiteral elements: (String, SocketIOValue)...) {
        self.init(elements)
    }

    /// The value for `key`; setting `nil` removes the member, setting a new key appends it.
    public subscript(key: String) -> SocketIOValue? {
        get { members.first { $0.key == key }?.value }
        set {
            let index = members.firstIndex { $0.key == key }
            switch (index, newValue) {
            case (let index?, let value?): members[index].value = value
            case (let index?, nil): members.remove(at: index)
            case (nil, let value?): members.append((key, value))
            case (nil, nil): break
            }
        }
    }

    /// The keys, in order.
    public var keys: [String] { members.map(\.key) }

    /// The number of members.
    public var count: Int { members.count }

    /// This object with `transform` applied to every value; keys and their order are unchanged.
    public func mapValues<Failure: Error>(
        _ transform: (SocketIOValue) throws(Failure) -> SocketIOValue
    ) throws(Failure) -> SocketIOObject {
        var result = self
        for index in result.members.indices {
            result.members[index].value = try transform(result.members[index].value)
        }
        return result
    }

    /// Objects are equal when they have equal members in the same order.
    public static func == (lhs: SocketIOObject, rhs: SocketIOObject) -> Bool {
        lhs.members.elementsEqual(rhs.members) { $0.key == $1.key && $0.value == $1.value }
    }

    /// Hashes the members in order.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(members.count)
        for member in members {
            hasher.combine(member.key)
            hasher.combine(member.value)
        }
    }
}
