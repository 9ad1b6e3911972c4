/// The help overlay: every key.
extension Console {
    /// Every key binding, as the help overlay and the README list them.
    public static let keyBindings: [(keys: String, action: String)] = [
        ("Tab / Shift-Tab, 1-5", "switch view: Overview, Sockets, Rooms, Events, Upgrades"),
        ("← → / h l", "previous / next view (← and h close a detail view)"),
        ("↑ ↓ / k j", "move the selection (scroll in a detail view)"),
        ("PgUp PgDn, Home End / g G", "page, jump to first / last"),
        ("Enter", "socket detail (sockets, room members, events); a namespace lists its sockets"),
        ("Esc", "back from the detail view; clear the filter; cancel a prompt"),
        ("/", "filter: words match any field; room: nsp: transport: id: addr: event: dir: pick one"),
        ("s / r", "sockets: cycle the sort column / reverse it"),
        ("p or Space", "events: pause / resume the tail"),
        ("a", "rooms: show / hide private rooms"),
        ("e", "emit an event (name, JSON arguments, wait for acks) to the selection"),
        ("K", "kick the selection (reason, whole connection?, then confirm with y)"),
        ("J / L", "make the selection join / leave a room"),
        ("m", "move the selection from one room to another"),
        ("?", "this help (any key closes it)"),
        ("q", "quit (Ctrl-C too)"),
    ]

    func helpLines() -> [ScreenLine] {
        var lines = [ScreenLine("KEYS", .heading)]
        for binding in Self.keyBindings {
            let keys = unicode ? binding.keys : binding.keys.replacing("← →", with: "left right").replacing("↑ ↓", with: "up down")
            lines.append(ScreenLine([StyledText("  " + TextWidth.fit(keys, 27), .key), StyledText(binding.action)]))
        }
        lines.append(ScreenLine())
        lines.append(ScreenLine("Actions apply to the selected socket, room or namespace (or the socket of a detail view).", .dim))
        var flags = state.features.filter { $0.hasPrefix("X_") }.sorted()
        if flags.isEmpty { flags = ["none: official protocol only"] }
        lines.append(ScreenLine("Server extensions: " + flags.joined(separator: " "), .dim))
        return lines
    }
}
