import FoundationEssentials
import NIOCore
import SocketIOProtocol
import Testing

@Suite("Codable bridging")
struct CodableBridgeTests {
    struct Address: Codable, Equatable {
        var city: String
        var zip: Int
    }

    struct Person: Codable, Equatable {
        var name: String
        var age: UInt8
        var score: Double
        var tags: [String]
        var address: Address
        var nickname: String?
        var avatar: ByteBuffer
        var thumbnail: Data
        var extra: SocketIOValue
    }

    private let person = Person(
        name: "Ada", age: 36, score: 9.5, tags: ["math", "code"], address: Address(city: "London", zip: 1815),
        nickname: nil, avatar: ByteBuffer(bytes: [1, 2]), thumbnail: Data([3]), extra: ["k": [true, 1]]
    )

    private func encode(_ value: some Encodable) throws -> SocketIOValue {
        try SocketIOValueEncoder().encode(value)
    }

    private func decode<T: Decodable>(_ type: T.Type, _ value: SocketIOValue) throws -> T {
        try SocketIOValueDecoder().decode(type, from: value)
    }

    @Test func structRoundTrips() throws {
        #expect(try decode(Person.self, encode(person)) == person)
    }

    @Test func keysKeepTheOrderTheTypeEncodesThem() throws {
        #expect(try encode(person).objectValue?.keys == ["name", "age", "score", "tags", "address", "avatar", "thumbnail", "extra"])
    }

    @Test func encodesToTheExpectedValue() throws {
        let value = try encode(person)
        #expect(value.objectValue?["address"] == ["city": "London", "zip": 1815])
        #expect(value.objectValue?["tags"] == ["math", "code"])
        #expect(value.objectValue?["extra"] == ["k": [true, 1]])
    }

    @Test func byteBufferAndDataBecomeAttachments() throws {
        let frames = SocketIOPacketEncoder.encode(.event("profile", [try encode(person)]))
        #expect(frames.map(\.kind) == [.text, .binary, .binary])
        #expect(String(buffer: frames[0].bytes).hasPrefix("452-[\"profile\""))
        #expect(frames[1].bytes == ByteBuffer(bytes: [1, 2]))
        #expect(frames[2].bytes == ByteBuffer(bytes: [3]))
    }

    @Test func nilEncodesAsNullAndNullOrMissingDecodesAsNil() throws {
        struct Optionals: Codable, Equatable {
            var a: Int?
            var b: Int?
            func encode(to encoder: any Encoder) throws {
                var container = encoder.container(keyedBy: CodingKeys.self)
                try container.encode(a, forKey: .a)
            }
        }
        #expect(try encode(Optionals(a: nil, b: 3)) == ["a": .null])
        #expect(try decode(Optionals.self, ["a": .null]) == Optionals(a: nil, b: nil))
        #expect(try decode(Optionals.self, [:]) == Optionals(a: nil, b: nil))
    }

    @Test func missingRequiredKeyThrowsKeyNotFound() {
        #expect {
            try decode(Address.self, ["city": "Paris"])
        } throws: { error in
            guard case DecodingError.keyNotFound(let key, _) = error else { return false }
            return key.stringValue == "zip"
        }
    }

    @Test(arguments: [SocketIOValue.number(1.5), .number(256), .number(-1), .string("1"), .bool(true)])
    func integerDecodingRejectsWhatDoesNotFit(_ value: SocketIOValue) {
        #expect(throws: DecodingError.self) { try decode(UInt8.self, value) }
    }

    @Test func integersAndFloatsDecodeFromNumbers() throws {
        #expect(try decode(Int64.self, .number(-9_007_199_254_740_991)) == -9_007_199_254_740_991)
        #expect(try decode(Float.self, .number(0.5)) == 0.5)
        #expect(try decode([UInt16].self, [1, 2]) == [1, 2])
    }

    @Test func floatDecodingRejectsNumbersBeyondItsRange() {
        #expect(throws: DecodingError.self) { try decode(Float.self, .number(1e300)) }
    }

    @Test func integersBeyondTwoToThe53MustBeExactlyRepresentable() throws {
        #expect(try encode(Int64(1) << 60) == .number(0x1p60))
        #expect(throws: EncodingError.self) { try encode(Int64.max) }
    }

    @Test func nonFiniteFloatingPointIsRejected() {
        #expect(throws: EncodingError.self) { try encode(Double.nan) }
        #expect(throws: EncodingError.self) { try encode([Float.infinity]) }
    }

    @Test func nullForNonOptionalThrowsValueNotFound() {
        #expect {
            try decode(String.self, .null)
        } throws: { error in
            guard case DecodingError.valueNotFound = error else { return false }
            return true
        }
    }

    @Test func enumsWithAssociatedValuesUseNestedContainers() throws {
        enum Shape: Codable, Equatable {
            case circle(radius: Double)
            case polygon([[Int]])
        }
        let shapes: [Shape] = [.circle(radius: 2), .polygon([[0, 0], [1, 2]])]
        let value = try encode(shapes)
        #expect(value == [["circle": ["radius": 2]], ["polygon": ["_0": [[0, 0], [1, 2]]]]])
        #expect(try decode([Shape].self, value) == shapes)
    }

    @Test func dictionariesRoundTrip() throws {
        let dictionary = ["a": [1, 2], "b": []]
        #expect(try decode([String: [Int]].self, encode(dictionary)) == dictionary)
    }

    @Test func subclassEncodesItsSuperclassUnderSuper() throws {
        let value = try encode(Dog(name: "Rex", breed: "collie"))
        #expect(value == ["breed": "collie", "super": ["name": "Rex"]])
        let dog = try decode(Dog.self, value)
        #expect(dog.name == "Rex" && dog.breed == "collie")
    }

    @Test func unkeyedSuperEncoderAndNestedContainersFillInPlace() throws {
        let pair = Pair(first: 1, second: "two", label: "three")
        let value = try encode(pair)
        #expect(value == [[1], ["second": "two"], "three"])
        #expect(try decode(Pair.self, value) == pair)
    }

    @Test func socketIOValueIsCodableWithOtherCoders() throws {
        // Round trip through a generic coder: the bridge's own encoder, seen as a plain `Encoder`.
        let original: SocketIOValue = ["z": [1, "a", .null, false], "a": ["n": 2.5]]
        struct Wrapper: Codable, Equatable { var value: SocketIOValue }
        #expect(try decode(Wrapper.self, encode(Wrapper(value: original))) == Wrapper(value: original))
    }
}

class Animal: Codable {
    let name: String
    init(name: String) { self.name = name }
}

final class Dog: Animal {
    let breed: String

    init(name: String, breed: String) {
        self.breed = breed
        super.init(name: name)
    }

    private enum CodingKeys: String, CodingKey { case breed }

    required init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        breed = try container.decode(String.self, forKey: .breed)
        try super.init(from: container.superDecoder())
    }

    override func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(breed, forKey: .breed)
        try super.encode(to: container.superEncoder())
    }
}

/// Exercises the unkeyed container's nested containers and super encoder.
struct Pair: Codable, Equatable {
    var first: Int
    var second: String
    var label: String

    private enum Keys: String, CodingKey { case second }

    init(first: Int, second: String, label: String) {
        self.first = first
        self.second = second
        self.label = label
    }

    init(from decoder: any Decoder) throws {
        var container = try decoder.unkeyedContainer()
        var firstContainer = try container.nestedUnkeyedContainer()
        first = try firstContainer.decode(Int.self)
        second = try container.nestedContainer(keyedBy: Keys.self).decode(String.self, forKey: .second)
        label = try container.superDecoder().singleValueContainer().decode(String.self)
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.unkeyedContainer()
        var firstContainer = container.nestedUnkeyedContainer()
        try firstContainer.encode(first)
        var secondContainer = container.nestedContainer(keyedBy: Keys.self)
        try secondContainer.encode(second, forKey: .second)
        var labelContainer = container.superEncoder().singleValueContainer()
        try labelContainer.encode(label)
    }
}
