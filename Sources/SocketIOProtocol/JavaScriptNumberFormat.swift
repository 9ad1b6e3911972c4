import NIOCore

/// Writes numbers exactly as JavaScript's `Number.prototype.toString` (and so `JSON.stringify`)
/// prints them.
///
/// Integers print without a decimal point, `-0` prints as `0`, fractions use the shortest digits
/// that round-trip, and exponent form is used below 1e-6 and from 1e21 up (`1.5e-7`, `1e+21`).
/// NaN and the infinities, which JSON cannot express, print as `null`.
enum JavaScriptNumberFormat {
    static func write(_ number: Double, into buffer: inout ByteBuffer) {
        guard number.isFinite else {
            buffer.writeStaticString("null")
            return
        }
        if number < 0 { buffer.writeInteger(UInt8(ascii: "-")) }
        let magnitude = number.magnitude
        if magnitude < 0x1p64, magnitude.rounded(.towardZero) == magnitude {
            buffer.writeDecimal(UInt64(magnitude))
        } else {
            writeShortestForm(of: magnitude, into: &buffer)
        }
    }

    /// Formats a positive finite number from its shortest round-trip digits, which Swift's
    /// `description` computes (as JavaScript does, it picks the closest of the shortest digit
    /// strings); only the layout differs between the two languages.
    private static func writeShortestForm(of magnitude: Double, into buffer: inout ByteBuffer) {
        // Swift writes `d.ddd`, `0.000ddd` or `d.ddde±x`; digits are at most 17.
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 32) { digits in
            var count = 0
            var integerDigits: Int?
            var exponent = 0
            var exponentSign = 1
            var inExponent = false
            for byte in magnitude.description.utf8 {
                switch byte {
                case UInt8(ascii: "."): integerDigits = count
                case UInt8(ascii: "e"): inExponent = true
                case UInt8(ascii: "-"): exponentSign = -1
                case UInt8(ascii: "0")...UInt8(ascii: "9") where inExponent: exponent = exponent * 10 + Int(byte - 48)
                case UInt8(ascii: "0")...UInt8(ascii: "9"): digits[count] = byte; count += 1
                default: break  // the `+` of a positive exponent
                }
            }
            // Value = 0.d₁d₂…dₖ × 10ⁿ once leading and trailing zeros are gone.
            var first = 0
            while first < count - 1, digits[first] == UInt8(ascii: "0") { first += 1 }
            while count - 1 > first, digits[count - 1] == UInt8(ascii: "0") { count -= 1 }
            let significant = UnsafeMutableBufferPointer(rebasing: digits[first..<count])
            let pointPosition = (integerDigits ?? count) + exponentSign * exponent - first
            writeJavaScriptLayout(digits: UnsafeBufferPointer(significant), pointPosition: pointPosition, into: &buffer)
        }
    }

    /// The layout of ECMA-262 Number::toString for digits `d₁…dₖ` and point position `n`.
    private static func writeJavaScriptLayout(
        digits: UnsafeBufferPointer<UInt8>,
        pointPosition n: Int,
        into buffer: inout ByteBuffer
    ) {
        let k = digits.count
        switch n {
        case k...21:
            buffer.writeBytes(digits)
            buffer.writeRepeatingByte(UInt8(ascii: "0"), count: n - k)
        case 1...21:
            buffer.writeBytes(UnsafeBufferPointer(rebasing: digits[..<n]))
            buffer.writeInteger(UInt8(ascii: "."))
            buffer.writeBytes(UnsafeBufferPointer(rebasing: digits[n...]))
        case -5...0:
            buffer.writeStaticString("0.")
            buffer.writeRepeatingByte(UInt8(ascii: "0"), count: -n)
            buffer.writeBytes(digits)
        default:
            buffer.writeInteger(digits[0])
            if k > 1 {
                buffer.writeInteger(UInt8(ascii: "."))
                buffer.writeBytes(UnsafeBufferPointer(rebasing: digits[1...]))
            }
            buffer.writeStaticString(n > 0 ? "e+" : "e-")
            buffer.writeDecimal(UInt64((n - 1).magnitude))
        }
    }
}
