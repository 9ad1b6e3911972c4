/// Writes numbers exactly as JavaScript's `Number.prototype.toString` (and so `JSON.stringify`)
/// prints them.
///
/// Integers print without a decimal point, `-0` prints as `0`, fractions use the shortest digits
/// that round-trip, and exponent form is used below 1e-6 and from 1e21 up (`1.5e-7`, `1e+21`).
/// NaN and the infinities, which JSON cannot express, print as `null`.
enum JavaScriptNumberFormat {
    /// The most bytes a number takes: `-0.00000` followed by 17 digits.
    private static let maximumLength = 25

    /// An upper bound of the bytes `write` produces for `number`, exact for integers.
    static func maximumLength(of number: Double) -> Int {
        guard let integer = integerMagnitude(of: number) else { return maximumLength }
        return (number < 0 ? 1 : 0) + OutputCursor.decimalLength(of: integer)
    }

    static func write(_ number: Double, to output: inout OutputCursor) {
        guard number.isFinite else {
            output.write("null")
            return
        }
        if number < 0 { output.write(UInt8(ascii: "-")) }
        if let integer = integerMagnitude(of: number) {
            output.writeDecimal(integer)
        } else {
            writeShortestForm(of: number.magnitude, to: &output)
        }
    }

    /// The magnitude of an integral number below 2⁶⁴, which prints as plain digits.
    private static func integerMagnitude(of number: Double) -> UInt64? {
        let magnitude = number.magnitude
        guard magnitude < 0x1p64, magnitude.rounded(.towardZero) == magnitude else { return nil }
        return UInt64(magnitude)
    }

    /// Formats a positive finite number from its shortest round-trip digits, which Swift's
    /// `description` computes (as JavaScript does, it picks the closest of the shortest digit
    /// strings); only the layout differs between the two languages.
    private static func writeShortestForm(of magnitude: Double, to output: inout OutputCursor) {
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
                case UInt8(ascii: "0")...UInt8(ascii: "9") where inExponent: exponent = exponent * 10 + Int(byte - UInt8(ascii: "0"))
                case UInt8(ascii: "0")...UInt8(ascii: "9"): digits[count] = byte; count += 1
                default: break  // the `+` of a positive exponent
                }
            }
            // Value = 0.d₁d₂…dₖ × 10ⁿ once leading and trailing zeros are gone.
            var first = 0
            while first < count - 1, digits[first] == UInt8(ascii: "0") { first += 1 }
            while count - 1 > first, digits[count - 1] == UInt8(ascii: "0") { count -= 1 }
            let significant = UnsafeRawBufferPointer(rebasing: UnsafeMutableRawBufferPointer(digits)[first..<count])
            let pointPosition = (integerDigits ?? count) + exponentSign * exponent - first
            writeJavaScriptLayout(digits: significant, pointPosition: pointPosition, to: &output)
        }
    }

    /// The layout of ECMA-262 Number::toString for digits `d₁…dₖ` and point position `n`.
    private static func writeJavaScriptLayout(
        digits: UnsafeRawBufferPointer,
        pointPosition n: Int,
        to output: inout OutputCursor
    ) {
        let k = digits.count
        switch n {
        case k...21:
            output.write(digits)
            for _ in k..<n { output.write(UInt8(ascii: "0")) }
        case 1...21:
            output.write(UnsafeRawBufferPointer(rebasing: digits[..<n]))
            output.write(UInt8(ascii: "."))
            output.write(UnsafeRawBufferPointer(rebasing: digits[n...]))
        case -5...0:
            output.write("0.")
            for _ in n..<0 { output.write(UInt8(ascii: "0")) }
            output.write(digits)
        default:
            output.write(digits[0])
            if k > 1 {
                output.write(UInt8(ascii: "."))
                output.write(UnsafeRawBufferPointer(rebasing: digits[1...]))
            }
            output.write(n > 0 ? "e+" : "e-")
            output.writeDecimal(UInt64((n - 1).magnitude))
        }
    }
}
