extension UInt8 {
    /// The value of an ASCII digit `0`–`9`, `nil` for any other byte.
    var asciiDigitValue: UInt8? {
        let value = self &- UInt8(ascii: "0")
        return value < 10 ? value : nil
    }

    /// Whether this is one of JSON's four whitespace characters: space, tab, line feed, return.
    var isJSONWhitespace: Bool {
        self == UInt8(ascii: " ") || self == UInt8(ascii: "\t") || self == UInt8(ascii: "\n") || self == UInt8(ascii: "\r")
    }
}
