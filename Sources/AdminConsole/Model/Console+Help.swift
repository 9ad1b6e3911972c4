/// The help overlay: every key.
extension Console {
    /// Every key binding, as the help overlay and the README list them.
    public static let keyBindings: [(keys: String, action: String)] = [
        ("Tab / Shift-Tab, 1-5", "views: Overview Sockets Rooms Events Upgrades"),
        ("← → / h l", "previous / next view; ← and h leave a detail"),
        ("↑ ↓ / k j", "move the selection; scroll a detail view"),
        ("PgUp PgDn, Home End / g G", "page; first / last"),
        ("Enter", "socket detail; on a namespace, its sockets"),
        ("Esc", "back; clear the filter; cancel a prompt"),
        ("/", "filter: text, or room: nsp: id: addr: event: dir:"),
        ("s / r", "sockets: next sort column / reverse it"),
        ("p or Space", "events: pause / resume the tail"),
        ("a", "rooms: show / hide private rooms"),
        ("e", "emit: event, JSON arguments, wait for acks"),
        ("K", "kick: reason, whole connection?, then y"),
        ("J / L", "the selection joins / leaves a room"),
        ("m", "move the selection to another room"),
        ("?", "this help (any key closes it)"),
        ("q", "quit (Ctrl-C too)"),
    ]

    func helpLines() -> [ScreenLine] {
        var lines = [ScreenLine("KEYS", .heading)]
        let keyColumns = 29
        for binding in Self.keyBindings {
            // Actions wrap under themselves, so every binding reads in full at 80 columns.
            let wrapped = Self.wrap(binding.action, width: max(20, width - keyColumns))
            for (index, part) in wrapped.enumerated() {
                let keys = index == 0 ? "  " + TextWidth.fit(drawable(binding.keys), keyColumns - 2) : String(repeating: " ", count: keyColumns)
                lines.append(ScreenLine([StyledText(keys, .key), StyledText(part)]))
            }
        }
        lines.append(ScreenLine())
        let flags = state.features.filter { $0.hasPrefix("X_") }.sorted().map { $0.dropFirst(2).lowercased() }
        let extensions = "Extensions: " + (flags.isEmpty ? "none (official protocol only)" : flags.joined(separator: " "))
        lines += Self.wrap(extensions, width: width).map { ScreenLine($0, .dim) }
        return lines
    }

    /// `text` broken at spaces into lines of at most `width` columns.
    static func wrap(_ text: String, width: Int) -> [String] {
        var lines: [String] = []
        var current = ""
        for word in text.split(separator: " ") {
            if !current.isEmpty, TextWidth.of(current) + 1 + TextWidth.of(String(word)) > width {
                lines.append(current)
                current = ""
            }
            current += current.isEmpty ? String(word) : " " + word
        }
        lines.append(current)
        return lines
    }
}
