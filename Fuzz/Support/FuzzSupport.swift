// Shared helpers compiled into every fuzz target (see Scripts/fuzz). The oracles here (base64,
// UTF-8 validation, the spec's packet decoding) are written independently of the code under test
// so the targets can compare the decoders against them.

import NIOCore
@testable import EngineIO

/// The fuzz input as an array, with the raw pointer handling in one place.
func fuzzInput(_ data: UnsafeRawPointer?, _ count: Int) -> [UInt8] {
    Array(UnsafeRawBufferPointer(start: data, count: count))
}

/// Fails the run (a trap, which libFuzzer reports as a crash and saves as a reproducer) when a
/// property does not hold, printing what was expected and the input in hex.
func fuzzCheck(
    _ condition: @autoclosure () -> Bool,
    _ message: @autoclosure () -> String,
    input: [UInt8],
    file: StaticString = #fileID,
    line: UInt = #line
) {
    if condition() { return }
    fatalError("property violated: \(message())\n  input (\(input.count) bytes): \(hex(input))", file: file, line: line)
}

func hex<Bytes: Sequence<UInt8>>(_ bytes: Bytes) -> String {
    let digits = Array("0123456789abcdef".utf8)
    var out: [UInt8] = []
    for byte in bytes {
        if !out.isEmpty { out.append(UInt8(ascii: " ")) }
        out.append(digits[Int(byte >> 4)])
        out.append(digits[Int(byte & 0xF)])
    }
    return String(decoding: out, as: UTF8.self)
}

/// The readable bytes of a buffer as an array.
func bytesOf(_ buffer: ByteBuffer) -> [UInt8] {
    Array(buffer.readableBytesView)
}

/// A view of `bytes` that does not start at index 0 and sits between unrelated bytes in its
/// storage, to catch decoders that assume `startIndex == 0` or read past `endIndex`.
func offsetView(of bytes: [UInt8], padding: [UInt8]) -> ByteBufferView {
    var buffer = ByteBuffer()
    buffer.writeBytes(padding)
    buffer.writeBytes(bytes)
    buffer.writeBytes(padding)
    buffer.moveReaderIndex(forwardBy: padding.count)
    buffer.moveWriterIndex(to: padding.count + bytes.count)
    let view = buffer.readableBytesView
    return view[view.startIndex..<(view.startIndex + bytes.count)]
}

/// Reference base64 (RFC 4648, `=` padding) written independently of the code under test.
enum ReferenceBase64 {
    static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    static func value(of character: UInt8) -> UInt32? {
        switch character {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"): return UInt32(character - UInt8(ascii: "A"))
        case UInt8(ascii: "a")...UInt8(ascii: "z"): return UInt32(character - UInt8(ascii: "a") + 26)
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return UInt32(character - UInt8(ascii: "0") + 52)
        case UInt8(ascii: "+"): return 62
        case UInt8(ascii: "/"): return 63
        default: return nil
        }
    }

    static func encode(_ bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        var i = 0
        while i < bytes.count {
            let n = min(3, bytes.count - i)
            var group: UInt32 = 0
            for k in 0..<3 { group = group << 8 | (k < n ? UInt32(bytes[i + k]) : 0) }
            for k in 0..<4 {
                out.append(k <= n ? alphabet[Int(group >> UInt32(18 - 6 * k) & 0x3F)] : UInt8(ascii: "="))
            }
            i += 3
        }
        return out
    }

    /// Decodes what the Engine.IO decoder is documented to accept: groups of four alphabet
    /// characters, the last of which may end in `=` or `==`. Leftover bits under the padding are
    /// ignored (not required to be zero), as Node and the code under test do.
    static func decode(_ text: [UInt8]) -> [UInt8]? {
        guard text.count % 4 == 0 else { return nil }
        var out: [UInt8] = []
        var i = 0
        while i < text.count {
            let isLast = i + 4 == text.count
            var padding = 0
            if isLast {
                if text[i + 3] == UInt8(ascii: "=") { padding = 1 }
                if padding == 1 && text[i + 2] == UInt8(ascii: "=") { padding = 2 }
            }
            var group: UInt32 = 0
            for k in 0..<4 {
                if k >= 4 - padding {
                    group <<= 6
                } else {
                    guard let v = value(of: text[i + k]) else { return nil }
                    group = group << 6 | v
                }
            }
            out.append(UInt8(truncatingIfNeeded: group >> 16))
            if padding < 2 { out.append(UInt8(truncatingIfNeeded: group >> 8)) }
            if padding < 1 { out.append(UInt8(truncatingIfNeeded: group)) }
            i += 4
        }
        return out
    }

    /// Whether `text` is the one canonical encoding of what it decodes to.
    static func isCanonical(_ text: [UInt8]) -> Bool {
        guard let decoded = decode(text) else { return false }
        return encode(decoded) == text
    }
}

/// Strict UTF-8 validation (RFC 3629: no overlongs, no surrogates, nothing above U+10FFFF),
/// written independently of the standard library's validator.
func isValidUTF8(_ bytes: [UInt8]) -> Bool {
    var i = 0
    while i < bytes.count {
        let b0 = bytes[i]
        let length: Int
        var low: UInt8 = 0x80
        var high: UInt8 = 0xBF
        switch b0 {
        case 0x00...0x7F: i += 1; continue
        case 0xC2...0xDF: length = 2
        case 0xE0: length = 3; low = 0xA0
        case 0xE1...0xEC, 0xEE...0xEF: length = 3
        case 0xED: length = 3; high = 0x9F
        case 0xF0: length = 4; low = 0x90
        case 0xF1...0xF3: length = 4
        case 0xF4: length = 4; high = 0x8F
        default: return false
        }
        guard i + length <= bytes.count else { return false }
        guard bytes[i + 1] >= low, bytes[i + 1] <= high else { return false }
        for k in 2..<max(2, length) where !(0x80...0xBF).contains(bytes[i + k]) { return false }
        i += length
    }
    return true
}

// MARK: - Engine.IO packets

/// `EnginePacket(decodingText:)` as a `Result`.
func decode(_ view: ByteBufferView) -> Result<EnginePacket, EngineDecodingError> {
    Result { () throws(EngineDecodingError) in try EnginePacket(decodingText: view) }
}

/// What the spec (§2.3, §16) says one packet's text form `bytes` decodes to.
func specDecode(_ bytes: [UInt8]) -> Result<EnginePacket, EngineDecodingError> {
    guard let first = bytes.first else { return .failure(.emptyPacket) }
    let rest = Array(bytes.dropFirst())
    if first == UInt8(ascii: "b") {
        guard let decoded = ReferenceBase64.decode(rest) else { return .failure(.invalidBase64) }
        return .success(.message(ByteBuffer(bytes: decoded)))
    }
    guard (UInt8(ascii: "0")...UInt8(ascii: "6")).contains(first), let type = EnginePacketType(rawValue: first) else {
        return .failure(.unknownPacketType(first))
    }
    if rest.isEmpty { return .success(EnginePacket(type)) }
    guard isValidUTF8(rest) else { return .failure(.invalidUTF8) }
    return .success(EnginePacket(type, .text(String(decoding: rest, as: UTF8.self))))
}

/// Packet equality that also compares text payloads byte for byte (`String ==` is canonical
/// equivalence, which would hide a change of normalisation).
func identical(_ a: EnginePacket, _ b: EnginePacket) -> Bool {
    guard a.type == b.type else { return false }
    switch (a.payload, b.payload) {
    case (nil, nil): return true
    case (.text(let x)?, .text(let y)?): return Array(x.utf8) == Array(y.utf8)
    case (.binary(let x)?, .binary(let y)?): return bytesOf(x) == bytesOf(y)
    default: return false
    }
}

func identical(_ a: Result<EnginePacket, EngineDecodingError>, _ b: Result<EnginePacket, EngineDecodingError>) -> Bool {
    switch (a, b) {
    case (.success(let x), .success(let y)): return identical(x, y)
    case (.failure(let x), .failure(let y)): return x == y
    default: return false
    }
}
