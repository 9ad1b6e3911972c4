/// The upgrade log: every transport upgrade with its outcome and timing (successes only, without
/// timing, on servers without `x_upgrade`).
extension Console {
    func upgradesLines(height: Int) -> [ScreenLine] {
        let rows = upgradeRows()
        let layout = TableLayout([
            .init(title: "TIME", minimum: 8),
            .init(title: "CLIENT", minimum: 20, weight: 1),
            .init(title: "FROM", minimum: 9),
            .init(title: "TO", minimum: 9),
            .init(title: "OUTCOME", minimum: 12),
            .init(title: "DURATION", minimum: 8, alignment: .right),
            .init(title: "SERVER", minimum: 8, weight: 1, optional: true),
        ], width: width)
        if rows.isEmpty {
            let why = state.supports("X_UPGRADES") ? "no upgrades yet" : "no upgrades yet (this server reports successes only, without timing)"
            return [layout.header(), ScreenLine(why, .dim)]
        }
        return listLines(header: layout.header(), ids: rows.map { .upgrade($0.index) }, height: height) { index, selected in
            let record = rows[index].record
            let runs = layout.runs([
                "TIME": StyledText(record.at?.clockText(utcOffset: utcOffset) ?? unavailable, .dim),
                "CLIENT": StyledText(record.clientId),
                "FROM": StyledText(record.from),
                "TO": StyledText(record.to),
                "OUTCOME": StyledText(record.outcome, record.succeeded ? .good : .bad),
                "DURATION": StyledText(record.durationMilliseconds.map(DisplayFormat.latency) ?? unavailable),
                "SERVER": StyledText(record.serverId ?? "", .dim),
            ])
            return selected ? filled(runs, style: .selected) : ScreenLine(runs)
        }
    }
}
