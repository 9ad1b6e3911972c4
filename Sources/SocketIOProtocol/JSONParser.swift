/// A strict JSON parser (RFC 8259) over UTF-8 bytes that accepts exactly what `JSON.parse` does.
///
/// Objects keep their key order (a repeated key keeps its first position and last value, as in
/// JavaScript), numbers become doubles rounded as JavaScript rounds them, and a lone surrogate
/// escape becomes U+FFFD. Recursion is bounded by `maximumDepth`.
struct JSONParser {
    /// How deeply arrays and objects may nest.
    static let maximumDepth = 256

    private let bytes: UnsafeBufferPointer<UInt8>
    private var index = 0
    private var depth = 0
    /// Reused for strings with escapes, so a document allocates it at most once.
    private var scratch: [UInt8] = []

    private init(bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    /// Parses one JSON text: a single value, optionally surrounded by whitespace.
    static func parse(_ bytes: UnsafeBufferPointer<UInt8>) throws(JSONDecodingError) -> SocketIOValue {
        var parser = JSONParser(bytes: bytes)
        let value = try parser.parseValue()
        parser.skipWhitespace()
        guard parser.index == bytes.count else { throw .trailingCharacters(offset: parser.index) }
        return value
    }

    // MARK: Values

    private mutating func parseValue() throws(JSONDecodingError) -> SocketIOValue {
        skipWhitespace()
        guard index < bytes.count else { throw .unexpectedEndOfInput }
        switch bytes[index] {
        case UInt8(ascii: "{"): return .object(try parseObject())
        case UInt8(ascii: "["): return .array(try parseArray())
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"): try expectLiteral("true"); return .bool(true)
        case UInt8(ascii: "f"): try expectLiteral("false"); return .bool(false)
        case UInt8(ascii: "n"): try expectLiteral("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try parseNumber())
        case let byte: throw .unexpectedCharacter(byte, offset: index)
        }
    }

    private mutating func parseArray() throws(JSONDecodingError) -> [SocketIOValue] {
        try enterContainer()
        var elements: [SocketIOValue] = []
        if try consumeClosing(UInt8(ascii: "]")) { return elements }
        repeat {
            elements.append(try parseValue())
        } while try consumeSeparator(orClosing: UInt8(ascii: "]"))
        return elements
    }

    private mutating func parseObject() throws(JSONDecodingError) -> SocketIOObject {
        try enterContainer()
        var members: [(String, SocketIOValue)] = []
        if try consumeClosing(UInt8(ascii: "}")) { return SocketIOObject(members) }
        repeat {
            skipWhitespace()
            guard index < bytes.count else { throw .unexpectedEndOfInput }
            guard bytes[index] == UInt8(ascii: "\"") else { throw .unexpectedCharacter(bytes[index], offset: index) }
            let key = try parseString()
            skipWhitespace()
            try expect(UInt8(ascii: ":"))
            members.append((key, try parseValue()))
        } while try consumeSeparator(orClosing: UInt8(ascii: "}"))
        return SocketIOObject(members)
    }

    /// Consumes the opening bracket, counting depth.
    private mutating func enterContainer() throws(JSONDecodingError) {
        depth += 1
        guard depth <= Self.maximumDepth else { throw .nestingTooDeep(limit: Self.maximumDepth) }
        index += 1
    }

    /// Consumes the closing bracket.
    private mutating func leaveContainer() {
        depth -= 1
        index += 1
    }

    /// After an opening bracket: consumes `closing` if the container is empty.
    private mutating func consumeClosing(_ closing: UInt8) throws(JSONDecodingError) -> Bool {
        skipWhitespace()
        guard index < bytes.count else { throw .unexpectedEndOfInput }
        guard bytes[index] == closing else { return false }
        leaveContainer()
        return true
    }

    /// After a member: `true` for a comma (another member follows), `false` for `closing`.
    private mutating func consumeSeparator(orClosing closing: UInt8) throws(JSONDecodingError) -> Bool {
        skipWhitespace()
        guard index < bytes.count else { throw .unexpectedEndOfInput }
        switch bytes[index] {
        case UInt8(ascii: ","):
            index += 1
            return true
        case closing:
            leaveContainer()
            return false
        case let byte:
            throw .unexpectedCharacter(byte, offset: index)
        }
    }

    // MARK: Strings

    private mutating func parseString() throws(JSONDecodingError) -> String {
        let start = index + 1
        var cursor = start
        while cursor < bytes.count {
            switch bytes[cursor] {
            case UInt8(ascii: "\""):
                index = cursor + 1
                return try Self.makeString(UnsafeBufferPointer(rebasing: bytes[start..<cursor]), offset: start)
            case UInt8(ascii: "\\"):
                return try parseEscapedString(start: start, firstEscape: cursor)
            case 0..<0x20:
                throw .controlCharacterInString(offset: cursor)
            default:
                cursor += 1
            }
        }
        throw .unexpectedEndOfInput
    }

    /// The slow path for strings with escapes: unescapes into `scratch`.
    private mutating func parseEscapedString(start: Int, firstEscape: Int) throws(JSONDecodingError) -> String {
        scratch.removeAll(keepingCapacity: true)
        scratch.append(contentsOf: bytes[start..<firstEscape])
        index = firstEscape
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "\""):
                index += 1
                return try scratch.withUnsafeBufferPointer { (unescaped) throws(JSONDecodingError) in
                    try Self.makeString(unescaped, offset: start)
                }
            case UInt8(ascii: "\\"):
                try appendEscape()
            case 0..<0x20:
                throw .controlCharacterInString(offset: index)
            default:
                scratch.append(byte)
                index += 1
            }
        }
        throw .unexpectedEndOfInput
    }

    /// Consumes one escape sequence at `index` and appends what it stands for to `scratch`.
    private mutating func appendEscape() throws(JSONDecodingError) {
        guard index + 1 < bytes.count else { throw .unexpectedEndOfInput }
        let escapeStart = index
        index += 2
        switch bytes[escapeStart + 1] {
        case UInt8(ascii: "\""): scratch.append(UInt8(ascii: "\""))
        case UInt8(ascii: "\\"): scratch.append(UInt8(ascii: "\\"))
        case UInt8(ascii: "/"): scratch.append(UInt8(ascii: "/"))
        case UInt8(ascii: "b"): scratch.append(0x08)
        case UInt8(ascii: "f"): scratch.append(0x0C)
        case UInt8(ascii: "n"): scratch.append(0x0A)
        case UInt8(ascii: "r"): scratch.append(0x0D)
        case UInt8(ascii: "t"): scratch.append(0x09)
        case UInt8(ascii: "u"): appendScalar(try parseUnicodeEscape(escapeStart: escapeStart))
        default: throw .invalidEscape(offset: escapeStart)
        }
    }

    /// The scalar of a `\uXXXX` escape whose four hex digits start at `index`, combined with a
    /// following low-surrogate escape when it is a high surrogate; a lone surrogate is U+FFFD.
    private mutating func parseUnicodeEscape(escapeStart: Int) throws(JSONDecodingError) -> Unicode.Scalar {
        let unit = try parseHexQuad(escapeStart: escapeStart)
        switch unit {
        case 0xD800...0xDBFF:
            let next = index
            if next + 1 < bytes.count, bytes[next] == UInt8(ascii: "\\"), bytes[next + 1] == UInt8(ascii: "u") {
                index += 2
                let low = try parseHexQuad(escapeStart: next)
                if (0xDC00...0xDFFF).contains(low) {
                    let value = 0x10000 + ((UInt32(unit) - 0xD800) << 10) + (UInt32(low) - 0xDC00)
                    return Unicode.Scalar(value) ?? "\u{FFFD}"
                }
                index = next  // not a pair: the second escape stands on its own
            }
            return "\u{FFFD}"
        case 0xDC00...0xDFFF:
            return "\u{FFFD}"
        default:
            return Unicode.Scalar(unit) ?? "\u{FFFD}"
        }
    }

    private mutating func parseHexQuad(escapeStart: Int) throws(JSONDecodingError) -> UInt16 {
        guard index + 4 <= bytes.count else { throw .unexpectedEndOfInput }
        var value: UInt16 = 0
        for byte in bytes[index..<index + 4] {
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw .invalidEscape(offset: escapeStart)
            }
            value = value << 4 | UInt16(digit)
        }
        index += 4
        return value
    }

    private mutating func appendScalar(_ scalar: Unicode.Scalar) {
        UTF8.encode(scalar) { scratch.append($0) }
    }

    /// ASCII, the common case, skips the standard library's UTF-8 validation, which is much
    /// slower for short strings.
    private static func makeString(_ utf8: UnsafeBufferPointer<UInt8>, offset: Int) throws(JSONDecodingError) -> String {
        if utf8.allSatisfy({ $0 < 0x80 }) { return String(decoding: utf8, as: UTF8.self) }
        guard let string = String(validating: utf8, as: UTF8.self) else { throw .invalidUTF8(offset: offset) }
        return string
    }

    // MARK: Numbers

    /// Parses a number, rounding to the nearest double as JavaScript does.
    ///
    /// Up to 19 significant digits and a power of ten within ±22 take Clinger's exact fast path
    /// (one correctly rounded multiplication or division); anything else goes to the standard
    /// library's correctly rounded conversion.
    private mutating func parseNumber() throws(JSONDecodingError) -> Double {
        let start = index
        let negative = bytes[index] == UInt8(ascii: "-")
        if negative { index += 1 }
        var significand: UInt64 = 0
        var digitCount = 0
        var exponent = 0

        guard index < bytes.count, let first = bytes[index].asciiDigitValue else { throw .invalidNumber(offset: start) }
        if first == 0 {
            index += 1
        } else {
            readDigits(into: &significand, count: &digitCount)
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            let fractionStart = digitCount
            readDigits(into: &significand, count: &digitCount)
            guard digitCount > fractionStart else { throw .invalidNumber(offset: start) }
            exponent -= digitCount - fractionStart
        }
        if index < bytes.count, (bytes[index] | 0x20) == UInt8(ascii: "e") {
            exponent += try parseExponent(numberStart: start)
        }

        if digitCount <= 19, significand <= 1 << 53, exponent.magnitude < Self.exactPowersOfTen.count {
            let power = Self.exactPowersOfTen[Int(exponent.magnitude)]
            let magnitude = exponent < 0 ? Double(significand) / power : Double(significand) * power
            return negative ? -magnitude : magnitude
        }
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
        guard let value = Double(text) else { throw .invalidNumber(offset: start) }
        return value
    }

    /// Reads a run of digits, accumulating the first 19 into `significand`.
    private mutating func readDigits(into significand: inout UInt64, count: inout Int) {
        while index < bytes.count, let digit = bytes[index].asciiDigitValue {
            if count < 19 { significand = significand * 10 + UInt64(digit) }
            count += 1
            index += 1
        }
    }

    /// Reads `e`/`E`, an optional sign and at least one digit; large exponents saturate.
    private mutating func parseExponent(numberStart: Int) throws(JSONDecodingError) -> Int {
        index += 1
        var negative = false
        if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") {
            negative = bytes[index] == UInt8(ascii: "-")
            index += 1
        }
        guard index < bytes.count, bytes[index].asciiDigitValue != nil else { throw .invalidNumber(offset: numberStart) }
        var value = 0
        while index < bytes.count, let digit = bytes[index].asciiDigitValue {
            value = min(value * 10 + Int(digit), 100_000)
            index += 1
        }
        return negative ? -value : value
    }

    /// 10⁰ … 10²², every power of ten a double holds exactly.
    private static let exactPowersOfTen: [Double] = (0...22).map { exponent in
        (0..<exponent).reduce(1.0) { power, _ in power * 10 }
    }

    // MARK: Whitespace and literals

    private mutating func skipWhitespace() {
        while index < bytes.count, bytes[index].isJSONWhitespace { index += 1 }
    }

    private mutating func expect(_ byte: UInt8) throws(JSONDecodingError) {
        guard index < bytes.count else { throw .unexpectedEndOfInput }
        guard bytes[index] == byte else { throw .unexpectedCharacter(bytes[index], offset: index) }
        index += 1
    }

    private mutating func expectLiteral(_ literal: StaticString) throws(JSONDecodingError) {
        for byte in UnsafeBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount) {
            try expect(byte)
        }
    }
}
