import NIOCore

extension ByteBuffer {
    /// Writes `value` in decimal ASCII digits, without going through a `String`.
    mutating func writeDecimal(_ value: UInt64) {
        var digitCount = 1
        var rest = value
        while rest >= 10 {
            rest /= 10
            digitCount += 1
        }
        writeWithUnsafeMutableBytes(minimumWritableBytes: digitCount) { output in
            var remaining = value
            for position in stride(from: digitCount - 1, through: 0, by: -1) {
                output[position] = UInt8(ascii: "0") + UInt8(remaining % 10)
                remaining /= 10
            }
            return digitCount
        }
    }
}
