/// Writes bytes one after another into memory reserved beforehand for an upper bound of their
/// length, so that encoding reserves a buffer once instead of checking its capacity per write.
///
/// Every write is checked against the reservation: a wrong bound traps instead of overrunning.
struct OutputCursor {
    private let output: UnsafeMutableRawBufferPointer
    /// How many bytes have been written.
    private(set) var count = 0

    init(_ output: UnsafeMutableRawBufferPointer) {
        self.output = output
    }

    mutating func write(_ byte: UInt8) {
        precondition(count < output.count, "output length was underestimated")
        output[count] = byte
        count += 1
    }

    mutating func write(_ bytes: UnsafeRawBufferPointer) {
        guard let source = bytes.baseAddress else { return }
        precondition(bytes.count <= output.count - count, "output length was underestimated")
        (output.baseAddress! + count).copyMemory(from: source, byteCount: bytes.count)
        count += bytes.count
    }

    mutating func write(_ text: StaticString) {
        write(UnsafeRawBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    /// Writes `value` in decimal digits.
    mutating func writeDecimal(_ value: UInt64) {
        let digitCount = Self.decimalLength(of: value)
        precondition(digitCount <= output.count - count, "output length was underestimated")
        var remaining = value
        for position in stride(from: count + digitCount - 1, through: count, by: -1) {
            output[position] = UInt8(ascii: "0") + UInt8(remaining % 10)
            remaining /= 10
        }
        count += digitCount
    }

    /// The number of decimal digits of `value`.
    static func decimalLength(of value: UInt64) -> Int {
        var digitCount = 1
        var rest = value
        while rest >= 10 {
            rest /= 10
            digitCount += 1
        }
        return digitCount
    }
}
