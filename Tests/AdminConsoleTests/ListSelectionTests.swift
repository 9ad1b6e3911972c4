import Testing

@testable import AdminConsole

@Suite("ListSelection: the highlight follows its row")
struct ListSelectionTests {
    func ids(_ names: [String]) -> [RowID] {
        names.map { RowID.socket(SocketKey(namespace: "/", id: $0)) }
    }

    @Test func startsOnTheFirstRow() {
        var selection = ListSelection()
        #expect(selection.resolve(ids(["a", "b"]), visible: 5) == 0)
        #expect(selection.anchor == ids(["a"])[0])
    }

    @Test func followsItsRowWhenRowsAreInsertedAbove() {
        var selection = ListSelection()
        selection.select(1, in: ids(["a", "b"]), visible: 5)
        #expect(selection.resolve(ids(["0", "a", "b"]), visible: 5) == 2)
    }

    @Test func staysAtItsPositionWhenItsRowGoesAway() {
        var selection = ListSelection()
        selection.select(1, in: ids(["a", "b", "c"]), visible: 5)
        #expect(selection.resolve(ids(["a", "c"]), visible: 5) == 1)
        #expect(selection.anchor == ids(["c"])[0])
    }

    @Test func clampsToTheLastRow() {
        var selection = ListSelection()
        selection.select(2, in: ids(["a", "b", "c"]), visible: 5)
        #expect(selection.resolve(ids(["a"]), visible: 5) == 0)
    }

    @Test func movesAreClamped() {
        var selection = ListSelection()
        selection.move(by: 10, in: ids(["a", "b", "c"]), visible: 5)
        #expect(selection.index == 2)
        selection.move(by: -10, in: ids(["a", "b", "c"]), visible: 5)
        #expect(selection.index == 0)
    }

    @Test func scrollsToKeepTheSelectionVisible() {
        let rows = ids((0..<10).map(String.init))
        var selection = ListSelection()
        selection.select(7, in: rows, visible: 3)
        #expect(selection.top == 5)
        selection.select(2, in: rows, visible: 3)
        #expect(selection.top == 2)
    }

    @Test func emptyListHasNoSelection() {
        var selection = ListSelection()
        #expect(selection.resolve([], visible: 5) == nil)
    }
}
