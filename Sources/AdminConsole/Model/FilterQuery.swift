/// A filter typed after `/`: words that must all match, each anywhere or in one field.
///
/// `lobby` matches any field containing "lobby" (case-insensitive); `room:lobby`,
/// `transport:polling`, `id:AbC`, `addr:127.0` look in that field only; `nsp:/chat` names a whole
/// namespace (every name contains `/`, so a part of one would match them all).
public struct FilterQuery: Sendable, Hashable {
    /// One word of the filter.
    struct Term: Sendable, Hashable {
        var field: String?
        var text: String
    }

    /// The text as typed.
    public let text: String
    let terms: [Term]

    /// Field names a term may name, and the aliases accepted for them.
    static let fieldAliases: [String: String] = [
        "id": "id", "sid": "id", "client": "client", "clientid": "client",
        "addr": "address", "address": "address", "ip": "address",
        "room": "room", "rooms": "room", "nsp": "namespace", "namespace": "namespace",
        "transport": "transport", "t": "transport", "data": "data",
        "event": "event", "name": "event", "dir": "direction", "direction": "direction",
        "outcome": "outcome",
    ]

    /// The query for `text`.
    public init(_ text: String) {
        self.text = text
        terms = text.split(separator: " ").map { word in
            if let colon = word.firstIndex(of: ":"), let field = Self.fieldAliases[word[..<colon].lowercased()] {
                return Term(field: field, text: word[word.index(after: colon)...].lowercased())
            }
            return Term(field: nil, text: word.lowercased())
        }
    }

    /// Whether the query is empty (matches everything).
    public var isEmpty: Bool {
        terms.isEmpty
    }

    /// Whether every term matches: `fields` maps field names to their values.
    public func matches(_ fields: [(name: String, values: [String])]) -> Bool {
        terms.allSatisfy { term in
            fields.contains { field in
                guard term.field == nil || term.field == field.name else { return false }
                if term.field == "namespace" { return field.values.contains { $0.lowercased() == term.text } }
                return field.values.contains { $0.lowercased().contains(term.text) }
            }
        }
    }
}
