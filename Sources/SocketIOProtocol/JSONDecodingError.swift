/// Why a text is not JSON that `JSON.parse` would accept.
///
/// Offsets count UTF-8 bytes from the start of the parsed text.
public enum JSONDecodingError: Error, Sendable, Hashable {
    /// The text ended inside a value (or was empty).
    case unexpectedEndOfInput
    /// A byte that cannot start or continue a value here.
    case unexpectedCharacter(UInt8, offset: Int)
    /// A number that does not follow JSON's grammar (`01`, `1.`, `-`, `1e`).
    case invalidNumber(offset: Int)
    /// A backslash escape other than `\" \\ \/ \b \f \n \r \t \uXXXX`.
    case invalidEscape(offset: Int)
    /// A raw control character (below U+0020) inside a string; JSON requires it escaped.
    case controlCharacterInString(offset: Int)
    /// The string starting at `offset` is not valid UTF-8.
    case invalidUTF8(offset: Int)
    /// Arrays and objects nest deeper than `limit`.
    case nestingTooDeep(limit: Int)
    /// A complete value is followed by something other than whitespace.
    case trailingCharacters(offset: Int)
}
