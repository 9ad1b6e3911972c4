/// Column widths for a table that must fit the terminal: fixed minimums, the spare width shared
/// by weight, and optional columns dropped (last first) when even the minimums do not fit.
struct TableLayout {
    /// One column.
    struct Column {
        var title: String
        var minimum: Int
        var weight = 0
        var alignment = TextWidth.Alignment.left
        var optional = false
    }

    /// The columns that fit, in order.
    let columns: [Column]
    /// Their widths.
    let widths: [Int]

    /// Lays `columns` out in `width` terminal columns, one space between columns.
    init(_ columns: [Column], width: Int) {
        var kept = columns
        func needed(_ list: [Column]) -> Int {
            list.reduce(0) { $0 + $1.minimum } + max(0, list.count - 1)
        }
        while needed(kept) > width, let last = kept.lastIndex(where: \.optional) {
            kept.remove(at: last)
        }
        var widths = kept.map(\.minimum)
        let spare = max(0, width - needed(kept))
        let totalWeight = kept.reduce(0) { $0 + $1.weight }
        if totalWeight > 0 {
            var given = 0
            for index in kept.indices {
                let share = spare * kept[index].weight / totalWeight
                widths[index] += share
                given += share
            }
            if let lastFlexible = kept.lastIndex(where: { $0.weight > 0 }) { widths[lastFlexible] += spare - given }
        }
        self.columns = kept
        self.widths = widths
    }

    /// The header row.
    func header() -> ScreenLine {
        ScreenLine(row(columns.map(\.title)), .heading)
    }

    /// One row of cells, fitted; cells beyond the kept columns are ignored, so callers pass
    /// values for every declared column in declaration order and name which were kept by title.
    func row(_ cells: [String]) -> String {
        zip(columns.indices, cells).map { index, cell in
            TextWidth.fit(cell, widths[index], alignment: columns[index].alignment)
        }.joined(separator: " ")
    }

    /// The cells for the kept columns, picked by title from `cellsByTitle`.
    func row(_ cellsByTitle: [String: String]) -> String {
        row(columns.map { cellsByTitle[$0.title] ?? "" })
    }

    /// Styled runs for the kept columns, picked by title (cells carry their own style).
    func runs(_ cellsByTitle: [String: StyledText]) -> [StyledText] {
        var runs: [StyledText] = []
        for (index, column) in columns.enumerated() {
            if index > 0 { runs.append(StyledText(" ")) }
            let cell = cellsByTitle[column.title] ?? StyledText("")
            runs.append(StyledText(TextWidth.fit(cell.text, widths[index], alignment: column.alignment), cell.style))
        }
        return runs
    }
}
