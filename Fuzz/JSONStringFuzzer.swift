// libFuzzer target for the internal `JSONString` writer (the handshake's JSON and error bodies).
// Built and run by Scripts/fuzz.
//
// Properties checked for every input (taken as UTF-8, invalid sequences replaced):
// - the output is a quoted JSON string with no raw control character and no unescaped quote or
//   backslash;
// - Foundation's JSON parser reads it back as the same string, byte for byte;
// - it appends after a buffer's existing bytes without touching them.

import Foundation
import NIOCore
@testable import EngineIO

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzJSONString(_ data: UnsafeRawPointer?, _ count: Int) -> CInt {
    checkJSONString(fuzzInput(data, count))
    return 0
}

func checkJSONString(_ input: [UInt8]) {
    let string = String(decoding: input, as: UTF8.self)
    var buffer = ByteBuffer(string: "[")
    JSONString.write(string, into: &buffer)
    buffer.writeString("]")
    let bytes = bytesOf(buffer)
    let literal = bytes.dropFirst().dropLast()

    fuzzCheck(literal.count >= 2 && literal.first == UInt8(ascii: "\"") && literal.last == UInt8(ascii: "\""), "output is not quoted: \(hex(literal))", input: input)
    fuzzCheck(!literal.contains { $0 < 0x20 }, "raw control character in \(hex(literal))", input: input)
    var escaped = false
    for byte in literal.dropFirst().dropLast() {
        if escaped { escaped = false; continue }
        if byte == UInt8(ascii: "\\") { escaped = true; continue }
        fuzzCheck(byte != UInt8(ascii: "\""), "unescaped quote in \(hex(literal))", input: input)
    }
    fuzzCheck(!escaped, "dangling backslash in \(hex(literal))", input: input)

    do {
        let parsed = try JSONDecoder().decode([String].self, from: Data(bytes))
        fuzzCheck(parsed.count == 1 && Array(parsed[0].utf8) == Array(string.utf8), "parsed back as \(parsed)", input: input)
    } catch {
        fuzzCheck(false, "JSON parser rejected \(hex(literal)): \(error)", input: input)
    }
}
