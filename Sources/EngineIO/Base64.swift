import NIOCore

/// Standard base64 (RFC 4648, with `=` padding), as Engine.IO uses for binary on polling.
enum Base64 {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    private static let decodingTable: [UInt8] = {
        var table = [UInt8](repeating: 0xFF, count: 256)
        for (value, character) in alphabet.enumerated() { table[Int(character)] = UInt8(value) }
        return table
    }()

    /// Appends the base64 form of `bytes` to `buffer`.
    static func encode<Bytes: Collection<UInt8>>(_ bytes: Bytes, into buffer: inout ByteBuffer) {
        buffer.reserveCapacity(minimumWritableBytes: (bytes.count + 2) / 3 * 4)
        var iterator = bytes.makeIterator()
        while let first = iterator.next() {
            let second = iterator.next()
            let third = iterator.next()
            let group = UInt32(first) << 16 | UInt32(second ?? 0) << 8 | UInt32(third ?? 0)
            buffer.writeInteger(alphabet[Int(group >> 18 & 0x3F)])
            buffer.writeInteger(alphabet[Int(group >> 12 & 0x3F)])
            buffer.writeInteger(second == nil ? UInt8(ascii: "=") : alphabet[Int(group >> 6 & 0x3F)])
            buffer.writeInteger(third == nil ? UInt8(ascii: "=") : alphabet[Int(group & 0x3F)])
        }
    }

    /// Decodes base64 text; `nil` when a character is outside the alphabet, the length is not a
    /// multiple of four, or padding appears anywhere but at the end.
    static func decode<Text: Collection<UInt8>>(_ text: Text) -> ByteBuffer? {
        guard text.count % 4 == 0 else { return nil }
        var output = ByteBuffer()
        output.reserveCapacity(text.count / 4 * 3)
        var index = text.startIndex
        while index != text.endIndex {
            var group: UInt32 = 0
            var padding = 0
            for _ in 0..<4 {
                let character = text[index]
                index = text.index(after: index)
                if character == UInt8(ascii: "=") {
                    padding += 1
                    group <<= 6
                    continue
                }
                let value = decodingTable[Int(character)]
                guard value != 0xFF, padding == 0 else { return nil }
                group = group << 6 | UInt32(value)
            }
            guard padding <= 2, padding == 0 || index == text.endIndex else { return nil }
            output.writeInteger(UInt8(group >> 16 & 0xFF))
            if padding < 2 { output.writeInteger(UInt8(group >> 8 & 0xFF)) }
            if padding < 1 { output.writeInteger(UInt8(group & 0xFF)) }
        }
        return output
    }
}
