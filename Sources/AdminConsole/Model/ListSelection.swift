/// The selected row of a list and the first row shown, kept on the same row while the list changes.
public struct ListSelection: Sendable, Hashable {
    /// The selected row's identity.
    public var anchor: RowID?
    /// Its index when last resolved (used when the anchored row went away).
    public var index = 0
    /// The first visible row.
    public var top = 0

    /// A selection of the first row.
    public init() {}

    /// Finds the anchored row in `ids` and scrolls so it is among `visible` rows; returns its index.
    @discardableResult
    public mutating func resolve(_ ids: [RowID], visible: Int) -> Int? {
        guard !ids.isEmpty else {
            index = 0
            top = 0
            return nil
        }
        if let anchor, let found = ids.firstIndex(of: anchor) {
            index = found
        } else {
            index = min(max(0, index), ids.count - 1)
        }
        anchor = ids[index]
        scroll(count: ids.count, visible: visible)
        return index
    }

    /// Moves the selection by `delta` rows (clamped) and anchors it there.
    public mutating func move(by delta: Int, in ids: [RowID], visible: Int) {
        guard resolve(ids, visible: visible) != nil else { return }
        select(index + delta, in: ids, visible: visible)
    }

    /// Selects the row at `position` (clamped).
    public mutating func select(_ position: Int, in ids: [RowID], visible: Int) {
        guard !ids.isEmpty else { return }
        index = min(max(0, position), ids.count - 1)
        anchor = ids[index]
        scroll(count: ids.count, visible: visible)
    }

    private mutating func scroll(count: Int, visible: Int) {
        let rows = max(1, visible)
        if index < top { top = index }
        if index >= top + rows { top = index - rows + 1 }
        top = max(0, min(top, count - rows))
    }
}
