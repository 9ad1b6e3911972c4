/// Drawing the console into a frame: title, tabs, the current view, status line and key hints,
/// and the prompt, confirmation or help on top. Only the rows that fit are formatted.
extension Console {
    /// The screen at `now`, for the current terminal size.
    public func render(now: Timestamp) -> ScreenFrame {
        var lines = [titleLine(), tabLine()]
        let bodyHeight = max(0, height - 4)
        var body: [ScreenLine]
        if showsHelp {
            body = helpLines()
        } else if let detail {
            body = detailLines(detail, now: now)
            body = Array(body.dropFirst(min(detailScroll, max(0, body.count - bodyHeight))))
        } else {
            body = viewLines(now: now, height: bodyHeight)
        }
        var cursor: ScreenFrame.Cursor?
        if let prompt {
            let panel = promptLines(prompt)
            body = Array(body.prefix(max(0, bodyHeight - panel.lines.count)))
            body += Array(repeating: ScreenLine(), count: max(0, bodyHeight - panel.lines.count - body.count))
            cursor = ScreenFrame.Cursor(row: 2 + body.count + panel.cursorRow, column: min(width - 1, panel.cursorColumn))
            body += panel.lines
        }
        body = Array(body.prefix(bodyHeight))
        body += Array(repeating: ScreenLine(), count: bodyHeight - body.count)
        lines += body
        lines.append(statusLine(now: now))
        lines.append(keyLine())
        return ScreenFrame(width: width, height: height, lines: lines.map(fitted), cursor: cursor)
    }

    /// `line` made drawable (control characters as spaces, ASCII only on terminals without
    /// Unicode) and cut to the screen width.
    func fitted(_ line: ScreenLine) -> ScreenLine {
        var remaining = width
        var runs: [StyledText] = []
        for original in line.runs where remaining > 0 {
            let run = StyledText(drawable(original.text), original.style)
            let columns = TextWidth.of(run.text)
            if columns <= remaining {
                runs.append(run)
                remaining -= columns
            } else {
                var cut = TextWidth.fit(run.text, remaining)
                while cut.last == " ", TextWidth.of(cut) > remaining { cut.removeLast() }
                runs.append(StyledText(drawable(cut), run.style))  // the cut mark, in ASCII too
                remaining = 0
            }
        }
        return ScreenLine(runs)
    }

    /// `text` without control characters (a client's event or room name may hold newlines),
    /// and spelled in ASCII when the terminal has no Unicode: the console's symbols get ASCII
    /// look-alikes, anything else outside ASCII becomes `?`.
    func drawable(_ text: String) -> String {
        let isPlain = text.utf8.allSatisfy { $0 >= 0x20 && $0 < 0x7F }
        if isPlain { return text }
        var result = ""
        for scalar in (unicode ? text : text.replacing("↑↓", with: "up/down")).unicodeScalars {
            if scalar.properties.generalCategory == .control || scalar == "\u{2028}" || scalar == "\u{2029}" {
                result += " "
            } else if unicode || scalar.isASCII {
                result.unicodeScalars.append(scalar)
            } else {
                result += Self.asciiLookAlikes[scalar] ?? "?"
            }
        }
        return result
    }

    /// ASCII spellings of the symbols the console draws.
    private static let asciiLookAlikes: [Unicode.Scalar: String] = [
        "…": "~", "—": "-", "─": "-", "●": "*", "✗": "x", "→": "->", "←": "<-", "↑": "up", "↓": "down",
        "▁": "_", "▂": ".", "▃": "-", "▄": "~", "▅": "=", "▆": "+", "▇": "*", "█": "#",
    ]

    /// A line filling the width in `style` (selected rows, bars).
    func filled(_ runs: [StyledText], style: TextStyle) -> ScreenLine {
        let text = runs.map(\.text).joined()
        return ScreenLine(TextWidth.fit(text, width), style)
    }

    /// What a figure the server cannot give shows.
    var unavailable: String {
        "—"
    }

    private func titleLine() -> ScreenLine {
        var runs = [StyledText(" sio-console ", .selected), StyledText(" \(serverURL)\(adminNamespace)  ")]
        switch state.connection {
        case .connecting:
            runs.append(StyledText("connecting…", .warning))
        case .connected:
            let user = state.info?.user.map { " as \($0)" } ?? ""
            runs.append(StyledText("● connected\(user)", .good))
        case .reconnecting(let reason, let attempt):
            runs.append(StyledText("reconnecting\(attempt > 0 ? " (attempt \(attempt))" : ""): \(reason)", .warning))
        case .refused(let message):
            runs.append(StyledText("refused: \(message)", .bad))
        }
        if state.info?.readonly == true { runs.append(StyledText("  [readonly]", .warning)) }
        if let info = state.info, !info.server.isEmpty {
            runs.append(StyledText("  \(info.server) \(info.version)", .dim))
        } else if state.connection == .connected {
            runs.append(StyledText("  official protocol only", .dim))
        }
        return ScreenLine(runs)
    }

    private func tabLine() -> ScreenLine {
        var runs: [StyledText] = []
        for candidate in ConsoleTab.allCases {
            var title = " \(candidate.rawValue + 1) \(candidate.title)"
            if candidate == .sockets { title += " (\(state.sockets.count))" }
            title += " "
            runs.append(StyledText(title, candidate == tab && detail == nil ? .selected : .heading))
            runs.append(StyledText(" "))
        }
        if detail != nil { runs.append(StyledText(" Socket detail ", .selected)) }
        return ScreenLine(runs)
    }

    private func viewLines(now: Timestamp, height: Int) -> [ScreenLine] {
        switch tab {
        case .overview: overviewLines(now: now, height: height)
        case .sockets: socketsLines(now: now, height: height)
        case .rooms: roomsLines(height: height)
        case .events: eventsLines(height: height)
        case .upgrades: upgradesLines(height: height)
        }
    }

    /// The header and the visible slice of a list whose row `index` draws with `line(index)`.
    func listLines(header: ScreenLine?, ids: [RowID], height: Int, line: (Int, Bool) -> ScreenLine) -> [ScreenLine] {
        var selection = selections[tab] ?? ListSelection()
        let visible = max(1, height - (header == nil ? 0 : 1))
        if tab == .events, selections[tab] == nil { selection.select(ids.count - 1, in: ids, visible: visible) }
        let selected = selection.resolve(ids, visible: visible)
        var lines = header.map { [$0] } ?? []
        for index in selection.top..<min(ids.count, selection.top + visible) {
            lines.append(line(index, index == selected))
        }
        return lines
    }

    private func statusLine(now: Timestamp) -> ScreenLine {
        if let confirmation { return ScreenLine(TextWidth.fit(confirmation.question, width), .warning) }
        // The latest message comes first: it must not be cut off by the hints after it.
        var runs: [StyledText] = []
        if !pending.isEmpty { runs.append(StyledText("\(pending.count) pending  ", .warning)) }
        if let message { runs.append(StyledText(message.text + "  ", message.style)) }
        if tab == .events, eventsPausedAt != nil, detail == nil {
            let waiting = (state.events.last?.sequence ?? 0) - (eventsPausedAt ?? 0)
            runs.append(StyledText("PAUSED (\(waiting) new)  ", .warning))
        }
        if let query = filters[tab], detail == nil { runs.append(StyledText("filter: \(query.text)  ", .key)) }
        if tab == .sockets, detail == nil { runs.append(StyledText("sort: \(sort.title)\(sortReversed ? " (reversed)" : "")", .dim)) }
        return ScreenLine(runs)
    }

    private func keyLine() -> ScreenLine {
        let hints: [(String, String)]
        if prompt != nil {
            hints = [("Enter", "next/ok"), ("Tab", "next"), ("Esc", "cancel")]
        } else if confirmation != nil {
            hints = [("y", "confirm"), ("any key", "cancel")]
        } else if showsHelp {
            hints = [("any key", "close help")]
        } else {
            var list: [(String, String)] = [("Tab/1-5", "views"), ("↑↓", "move"), ("Enter", "detail")]
            if detail != nil { list[2] = ("Esc", "back") }
            list += [("/", "filter"), ("e", "emit"), ("K", "kick"), ("J/L", "join/leave"), ("m", "move"), ("?", "help"), ("q", "quit")]
            hints = list
        }
        // Help and quit always show; the others while they fit.
        var runs: [StyledText] = []
        var used = 0
        let last = hints.suffix(2)
        let reserved = last.reduce(0) { $0 + TextWidth.of("\($1.0) \($1.1)  ") }
        for (index, (key, action)) in hints.enumerated() {
            let keyText = drawable(key)
            let columns = TextWidth.of("\(keyText) \(action)  ")
            let isKept = index >= hints.count - last.count
            if !isKept, used + columns + reserved > width { continue }
            runs.append(StyledText(keyText, .key))
            runs.append(StyledText(" \(action)  ", .dim))
            used += columns
        }
        return ScreenLine(runs)
    }

    /// Lines of the prompt panel and where the cursor goes in it.
    private func promptLines(_ form: PromptForm) -> (lines: [ScreenLine], cursorRow: Int, cursorColumn: Int) {
        let title = "─ \(form.title) "
        let rule = String(repeating: "─", count: max(0, width - TextWidth.of(drawable(title))))
        var lines = [ScreenLine(title + rule, .heading)]
        var cursorRow = 0
        var cursorColumn = 0
        for (index, field) in form.fields.enumerated() {
            let label = "\(field.label): "
            let isCurrent = index == form.current
            let textStyle: TextStyle = isCurrent && !field.isDefault ? .plain : .dim
            lines.append(ScreenLine([StyledText(label, isCurrent ? .key : .dim), StyledText(field.text, textStyle)]))
            if isCurrent {
                cursorRow = lines.count - 1
                cursorColumn = TextWidth.of(label) + TextWidth.of(field.text)
            }
        }
        lines.append(form.error.map { ScreenLine($0, .bad) } ?? ScreenLine(""))
        return (lines, cursorRow, cursorColumn)
    }
}

