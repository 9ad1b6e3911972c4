import SocketIOProtocol

/// A small form the operator fills in at the bottom of the screen, one field at a time
/// (Enter or Tab: next field, then submit; Esc: cancel; Backspace: delete).
public struct PromptForm: Sendable, Hashable {
    /// What the form is for; decides its fields and what submitting does.
    public enum Purpose: Sendable, Hashable {
        /// Emit an event to the target.
        case emit(CommandTarget)
        /// Kick the target (a confirmation follows).
        case kick(CommandTarget)
        /// Join a room.
        case join(CommandTarget)
        /// Leave a room.
        case leave(CommandTarget)
        /// Move between rooms.
        case move(CommandTarget)
        /// Filter the current list (applied while typing).
        case filter
    }

    /// One field.
    public struct Field: Sendable, Hashable {
        /// Its label.
        public var label: String
        /// The text typed so far (prefilled with a default).
        public var text: String
        /// What the field accepts.
        public var kind: Kind
        /// Whether `text` is still the untouched default: typing replaces it, Backspace clears it.
        public var isDefault: Bool

        /// A field prefilled with `text` (a default the first key replaces).
        public init(label: String, text: String = "", kind: Kind) {
            self.label = label
            self.text = text
            self.kind = kind
            isDefault = !text.isEmpty
        }
    }

    /// What a field accepts.
    public enum Kind: Sendable, Hashable {
        /// An event name that is not reserved.
        case eventName
        /// Comma-separated JSON values (empty: none).
        case jsonArguments
        /// `y` or `n`.
        case yesNo
        /// A room name that is not empty.
        case room
        /// A kick reason: at most `maximumReasonLength` characters, empty allowed.
        case reason
        /// Any text, empty allowed.
        case text
    }

    /// What the form is for.
    public let purpose: Purpose
    /// The form's title.
    public let title: String
    /// Its fields.
    public private(set) var fields: [Field]
    /// The field being edited.
    public private(set) var current = 0
    /// Why the current field was not accepted, if it was not.
    public private(set) var error: String?

    /// A form for `purpose` with these fields.
    public init(purpose: Purpose, title: String, fields: [Field]) {
        self.purpose = purpose
        self.title = title
        self.fields = fields
    }

    /// Types a character into the current field.
    mutating func type(_ character: Character) {
        if fields[current].isDefault { fields[current].text = "" }
        fields[current].isDefault = false
        fields[current].text.append(character)
        error = nil
    }

    /// Deletes the last character of the current field.
    mutating func deleteBackward() {
        if fields[current].isDefault {
            fields[current].text = ""
        } else if !fields[current].text.isEmpty {
            fields[current].text.removeLast()
        }
        fields[current].isDefault = false
        error = nil
    }

    /// Accepts the current field if valid; returns true when it was the last one (submit).
    mutating func advance() -> Bool {
        if let problem = Self.problem(with: fields[current]) {
            error = problem
            return false
        }
        guard current + 1 < fields.count else { return true }
        current += 1
        return false
    }

    /// The text of the field labelled `label`.
    func text(_ label: String) -> String {
        fields.first { $0.label == label }?.text ?? ""
    }

    /// The longest kick reason the admin protocol takes (`x_kick`, spec §9.8).
    static let maximumReasonLength = 200

    /// Why `field`'s text is not acceptable, or nil.
    static func problem(with field: Field) -> String? {
        let text = field.text.trimmingSpaces
        switch field.kind {
        case .eventName:
            if text.isEmpty { return "an event name is required" }
            if ConsoleCommand.reservedEvents.contains(text) { return "\"\(text)\" is reserved by Socket.IO" }
        case .jsonArguments:
            if case .failure(let failure) = parseArguments(field.text) { return failure.message }
        case .yesNo:
            if !["y", "n", "yes", "no"].contains(text.lowercased()) { return "answer y or n" }
        case .room:
            if text.isEmpty { return "a room name is required" }
        case .reason:
            if text.count > maximumReasonLength { return "at most \(maximumReasonLength) characters" }
        case .text:
            break
        }
        return nil
    }

    /// A reason a text is not valid JSON arguments.
    struct ArgumentsProblem: Error {
        var message: String
    }

    /// The values of comma-separated JSON text: `"hi", {"n":1}` is two arguments; empty is none.
    static func parseArguments(_ text: String) -> Result<[SocketIOValue], ArgumentsProblem> {
        guard !text.trimmingSpaces.isEmpty else { return .success([]) }
        do {
            let value = try SocketIOValue(parsingJSON: "[" + text + "]")
            return .success(value.arrayValue ?? [])
        } catch {
            return .failure(ArgumentsProblem(message: describe(error)))
        }
    }
}

extension PromptForm {
    /// The parser's error in the operator's terms; columns count from 1 in the typed text
    /// (the parser saw it behind an opening bracket).
    static func describe(_ error: JSONDecodingError) -> String {
        switch error {
        case .unexpectedEndOfInput, .trailingCharacters:
            return "not JSON: incomplete or extra text (strings need double quotes)"
        case .unexpectedCharacter(let byte, let offset):
            let shown = byte >= 0x20 && byte < 0x7F ? "'\(Character(Unicode.Scalar(byte)))'" : "byte \(byte)"
            return "not JSON: unexpected \(shown) at column \(offset)"
        case .invalidNumber(let offset):
            return "not JSON: bad number at column \(offset)"
        case .invalidEscape(let offset), .controlCharacterInString(let offset), .invalidUTF8(let offset):
            return "not JSON: bad string at column \(offset)"
        case .nestingTooDeep(let limit):
            return "not JSON: nested deeper than \(limit)"
        }
    }
}

extension String {
    /// The text without leading and trailing spaces.
    var trimmingSpaces: String {
        var slice = Substring(self)
        while slice.first == " " { slice.removeFirst() }
        while slice.last == " " { slice.removeLast() }
        return String(slice)
    }
}
