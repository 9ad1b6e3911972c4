import Testing

@testable import AdminConsole

@Suite("TableLayout: columns that fit the terminal")
struct TableLayoutTests {
    let columns: [TableLayout.Column] = [
        .init(title: "ID", minimum: 10),
        .init(title: "ROOMS", minimum: 10, weight: 3),
        .init(title: "NSP", minimum: 6, weight: 1),
        .init(title: "LAST", minimum: 10, optional: true),
    ]

    @Test func spareWidthIsSharedByWeight() {
        let layout = TableLayout(columns, width: 47)
        // 10 + 10 + 6 + 10 + 3 separators = 39: 8 spare, 6 to ROOMS, 2 to NSP.
        #expect(layout.widths == [10, 16, 8, 10])
    }

    @Test func optionalColumnsAreDroppedWhenTheMinimumsDoNotFit() {
        let layout = TableLayout(columns, width: 30)
        #expect(layout.columns.map(\.title) == ["ID", "ROOMS", "NSP"])
        #expect(layout.widths.reduce(0, +) + 2 == 30)
    }

    @Test func headerFillsTheWidth() {
        let header = TableLayout(columns, width: 60).header().text
        #expect(TextWidth.of(header) == 60)
        #expect(header.hasPrefix("ID         ROOMS"))
    }

    @Test func rowsPickCellsByTitleAndAlign() {
        let layout = TableLayout([.init(title: "A", minimum: 3), .init(title: "B", minimum: 4, alignment: .right)], width: 8)
        #expect(layout.row(["B": "7", "A": "x"]) == "x      7")
    }
}
