import SocketIOProtocol

/// The socket detail view: handshake, data, rooms, recent events and latency history.
extension Console {
    func detailLines(_ key: SocketKey, now: Timestamp) -> [ScreenLine] {
        guard let socket = state.socket(key) else {
            return [ScreenLine("socket \(key.id) in \(key.namespace) is no longer known", .dim)]
        }
        var lines: [ScreenLine] = []
        func field(_ label: String, _ value: String, _ style: TextStyle = .plain) {
            lines.append(ScreenLine([StyledText(TextWidth.fit(label, 11), .heading), StyledText(value, style)]))
        }
        if let departure = state.departures[key], state.sockets[key] == nil {
            let kicked = departure.kickReason.map { ", kicked: \($0)" } ?? ""
            lines.append(ScreenLine("DISCONNECTED \(DisplayFormat.duration(now.seconds - departure.at.seconds)) ago: \(departure.reason)\(kicked)", .bad))
        }
        field("socket", "\(socket.id)  in \(socket.namespace)")
        field("client", socket.clientId)
        field("transport", socket.transport, socket.transport == "polling" ? .warning : .good)
        field("address", socket.address)
        field("connected", socket.connectedAt.map { "\(DisplayFormat.duration(now.seconds - $0.seconds)) ago, at \($0.clockText(utcOffset: utcOffset))" } ?? unavailable)
        field("rooms", socket.rooms.map { $0 == socket.id ? "\($0) (own)" : $0 }.joined(separator: ", "))
        field("data", DisplayFormat.compact(socket.data))
        field("auth", socket.auth.map(DisplayFormat.compact) ?? "\(unavailable) (the server does not show it)", socket.auth == nil ? .dim : .plain)
        field("query", socket.query.members.map { "\($0.key)=\($0.value.stringValue ?? DisplayFormat.compact($0.value))" }.joined(separator: " "))
        if let history = state.latency[socket.clientId] {
            let samples = history.samples.elements.map(\.roundTripMilliseconds)
            let scaled = samples.map { Int(($0 * 10).rounded()) }
            field("latency", "\(DisplayFormat.latency(samples.last ?? 0)) now, min \(DisplayFormat.latency(samples.min() ?? 0)),"
                  + " max \(DisplayFormat.latency(samples.max() ?? 0))  " + Sparkline.render(scaled, width: 30))
        } else {
            field("latency", state.supports("X_LATENCY") ? "no sample yet (one per heartbeat)" : "\(unavailable) (the server does not report it)", .dim)
        }
        if let outcome = lastOutcome, outcome.answers.contains(where: { $0.id == socket.id }) {
            for answer in outcome.answers where answer.id == socket.id { field("last ack", answer.text, .good) }
        }
        lines.append(ScreenLine())
        lines.append(ScreenLine("RECENT EVENTS", .heading))
        let recent = state.activity[key]?.recentEvents.elements ?? []
        if recent.isEmpty { lines.append(ScreenLine("  none yet", .dim)) }
        for record in recent.reversed() {
            lines.append(ScreenLine([
                StyledText("  \(record.at.clockText(utcOffset: utcOffset)) ", .dim),
                StyledText(record.direction.rawValue.padding(3), record.direction == .received ? .good : .plain),
                StyledText(" \(record.name) "),
                StyledText(DisplayFormat.arguments(record.arguments), .dim),
            ]))
        }
        lines.append(ScreenLine())
        lines.append(ScreenLine("HEADERS", .heading))
        for (name, value) in socket.headers.members {
            lines.append(ScreenLine("  \(name): \(value.stringValue ?? DisplayFormat.compact(value))"))
        }
        return lines
    }
}

extension String {
    /// The text padded with spaces to `columns`.
    func padding(_ columns: Int) -> String {
        TextWidth.fit(self, columns)
    }
}
