/// The sockets table: one row per connected socket, only the visible rows formatted.
extension Console {
    func socketsLines(now: Timestamp, height: Int) -> [ScreenLine] {
        let rows = socketKeys()
        let hasLatency = state.supports("X_LATENCY")
        let layout = TableLayout([
            .init(title: "ID", minimum: 20),
            .init(title: "NSP", minimum: 6, weight: 1),
            .init(title: "TRANSPORT", minimum: 9),
            .init(title: "ADDRESS", minimum: 9, weight: 1),
            .init(title: "ROOMS", minimum: 8, weight: 3),
            .init(title: "LATENCY", minimum: 7, alignment: .right),
            .init(title: "UP", minimum: 6, alignment: .right),
            .init(title: "LAST EVENT", minimum: 12, weight: 2, optional: true),
        ], width: width)
        if rows.isEmpty {
            let why = filters[.sockets].map { "no socket matches \"\($0.text)\" (Esc clears)" }
                ?? (state.connection == .connected ? "no sockets connected" : "waiting for the server…")
            return [layout.header(), ScreenLine(why, .dim)]
        }
        return listLines(header: layout.header(), ids: rows.map { .socket($0) }, height: height) { index, selected in
            guard let socket = state.sockets[rows[index]] else { return ScreenLine() }
            let latencyText: StyledText
            if let value = latency(of: socket) {
                latencyText = StyledText(DisplayFormat.latency(value), value > 100 ? .warning : .plain)
            } else {
                latencyText = StyledText(hasLatency ? "…" : unavailable, .dim)
            }
            let last = state.activity[socket.key]?.recentEvents.last
            let runs = layout.runs([
                "ID": StyledText(socket.id),
                "NSP": StyledText(socket.namespace),
                "TRANSPORT": StyledText(socket.transport, socket.transport == "polling" ? .warning : .good),
                "ADDRESS": StyledText(socket.address),
                "ROOMS": StyledText(socket.sharedRooms.joined(separator: ",")),
                "LATENCY": latencyText,
                "UP": StyledText(socket.connectedAt.map { DisplayFormat.duration(now.seconds - $0.seconds) } ?? unavailable),
                "LAST EVENT": StyledText(last.map { "\($0.direction.rawValue) \($0.name) \(DisplayFormat.duration(now.seconds - $0.at.seconds)) ago" } ?? "", .dim),
            ])
            return selected ? filled(runs, style: .selected) : ScreenLine(runs)
        }
    }
}
