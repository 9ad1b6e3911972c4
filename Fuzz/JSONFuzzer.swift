// libFuzzer target for the Socket.IO JSON codec (`SocketIOValue(parsingJSON:)`, `writeJSON`).
// Built and run by Scripts/fuzz.
//
// Properties checked for every input:
// - parsing never crashes, and gives the same result (value or error) from a contiguous buffer,
//   a byte buffer view that does not start at index 0, a non-contiguous collection and, for valid
//   UTF-8, a `String`;
// - a top-level number equals the standard library's correctly rounded `Double(String)` of the
//   same text;
// - a parsed value writes as JSON that parses back to an equal value (NaN and the infinities
//   excepted: JSON writes them as `null`), and writing that value again gives the same bytes.

import NIOCore
@testable import SocketIOProtocol

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzJSON(_ data: UnsafeRawPointer?, _ count: Int) -> CInt {
    checkJSON(fuzzInput(data, count))
    return 0
}

private func parse(_ bytes: some Collection<UInt8>) -> Result<SocketIOValue, JSONDecodingError> {
    Result { () throws(JSONDecodingError) in try SocketIOValue(parsingJSON: bytes) }
}

private func json(_ value: SocketIOValue) -> [UInt8] {
    var buffer = ByteBuffer()
    value.writeJSON(into: &buffer)
    return bytesOf(buffer)
}

/// Whether NaN or an infinity appears in `value` (JSON writes them as `null`).
private func containsNonFiniteNumber(_ value: SocketIOValue) -> Bool {
    switch value {
    case .number(let number): !number.isFinite
    case .array(let elements): elements.contains(where: containsNonFiniteNumber)
    case .object(let object): object.members.contains { containsNonFiniteNumber($0.value) }
    case .null, .bool, .string, .binary: false
    }
}

func checkJSON(_ input: [UInt8]) {
    let result = parse(input)

    let shifted = parse(offsetView(of: input, padding: [0x5B, 0x22, 0x5C, 0x7B]))
    fuzzCheck(shifted == result, "parsing at a non-zero start index gave \(shifted), not \(result)", input: input)
    let copied = parse(input.lazy.map { $0 })
    fuzzCheck(copied == result, "parsing a non-contiguous collection gave \(copied), not \(result)", input: input)
    if let text = String(validating: input, as: UTF8.self) {
        let fromString = Result { () throws(JSONDecodingError) in try SocketIOValue(parsingJSON: text) }
        fuzzCheck(fromString == result, "parsing the String gave \(fromString), not \(result)", input: input)
    }

    guard case .success(let value) = result else { return }
    fuzzCheck(!value.containsBinary, "parsing produced binary: \(value)", input: input)

    if case .number(let number) = value {
        let text = String(decoding: input.filter { !$0.isJSONWhitespace }, as: UTF8.self)
        let reference = Double(text)
        fuzzCheck(
            reference == number && reference?.sign == number.sign,
            "\(text) parsed as \(number), Double(String) says \(String(describing: reference))",
            input: input
        )
    }

    let written = json(value)
    guard case .success(let reparsed) = parse(written) else {
        fuzzCheck(false, "written JSON \(hex(written)) does not parse", input: input)
        return
    }
    if !containsNonFiniteNumber(value) {
        fuzzCheck(reparsed == value, "written JSON parses as \(reparsed), not \(value)", input: input)
    }
    let rewritten = json(reparsed)
    fuzzCheck(rewritten == written, "writing again gave \(hex(rewritten)), not \(hex(written))", input: input)
}
