import NIOCore

extension SocketIOValue {
    /// Parses JSON text given as UTF-8 bytes, accepting exactly what JavaScript's `JSON.parse`
    /// accepts.
    ///
    /// Any value may stand at the top level, surrounded by JSON whitespace. Object keys keep their
    /// order (a repeated key keeps its first position and last value); numbers round to the
    /// nearest double as in JavaScript; `\uXXXX` escapes may form surrogate pairs and a lone
    /// surrogate becomes U+FFFD. Arrays and objects may nest 256 deep. Never produces `.binary`.
    public init(parsingJSON bytes: some Collection<UInt8>) throws(JSONDecodingError) {
        self = try bytes.withContiguousBytes { (utf8) throws(JSONDecodingError) in try JSONParser.parse(utf8) }
    }

    /// Parses JSON text; see `init(parsingJSON:)` for bytes.
    public init(parsingJSON text: String) throws(JSONDecodingError) {
        try self.init(parsingJSON: text.utf8)
    }

    /// Appends this value as compact JSON, byte for byte as JavaScript's `JSON.stringify` prints it.
    ///
    /// Keys in order, no spaces, `/` and non-ASCII unescaped, numbers as JavaScript prints them,
    /// NaN and infinities as `null`. JSON has no binary type: a `.binary` value is written as
    /// `null` (the packet encoder writes placeholders for binary instead).
    public func writeJSON(into buffer: inout ByteBuffer) {
        var writer = JSONWriter(binary: .null)
        writer.write(self, into: &buffer)
    }

    /// This value as compact JSON text; see `writeJSON(into:)`.
    public var jsonString: String {
        var buffer = ByteBuffer()
        writeJSON(into: &buffer)
        return String(buffer: buffer)
    }
}
