/// The event tail: newest at the bottom, following new events until the operator moves up or
/// pauses.
extension Console {
    func eventsLines(height: Int) -> [ScreenLine] {
        let records = eventRows()
        let layout = TableLayout([
            .init(title: "TIME", minimum: 8),
            .init(title: "DIR", minimum: 3),
            .init(title: "NSP", minimum: 6),
            .init(title: "SOCKET", minimum: 20),
            .init(title: "EVENT", minimum: 10, weight: 1),
            .init(title: "ARGUMENTS", minimum: 10, weight: 4),
        ], width: width)
        if records.isEmpty {
            let why = state.supports("ALL_EVENTS") || state.connection != .connected ? "no events yet"
                : "this server does not stream events (production mode)"
            return [layout.header(), ScreenLine(filters[.events] == nil ? why : "no event matches", .dim)]
        }
        return listLines(header: layout.header(), ids: records.map { .event($0.sequence) }, height: height) { index, selected in
            let record = records[index]
            let runs = layout.runs([
                "TIME": StyledText(record.at.clockText(utcOffset: utcOffset), .dim),
                "DIR": StyledText(record.direction.rawValue, record.direction == .received ? .good : .plain),
                "NSP": StyledText(record.socket.namespace),
                "SOCKET": StyledText(record.socket.id),
                "EVENT": StyledText(record.name, .heading),
                "ARGUMENTS": StyledText(DisplayFormat.arguments(record.arguments)),
            ])
            return selected ? filled(runs, style: .selected) : ScreenLine(runs)
        }
    }
}
