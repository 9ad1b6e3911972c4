/// The newest `capacity` elements of a stream; appending is amortised O(1).
public struct BoundedLog<Element: Sendable>: Sendable {
    /// How many elements are kept.
    public let capacity: Int
    private var storage: [Element] = []

    /// An empty log keeping at most `capacity` elements.
    public init(capacity: Int) {
        precondition(capacity > 0, "a log keeps at least one element")
        self.capacity = capacity
    }

    /// Appends `element`, forgetting the oldest one past the capacity.
    public mutating func append(_ element: Element) {
        storage.append(element)
        if storage.count >= capacity * 2 {
            storage.removeFirst(storage.count - capacity)
        }
    }

    /// The kept elements, oldest first.
    public var elements: ArraySlice<Element> {
        storage.suffix(capacity)
    }

    /// The newest element.
    public var last: Element? {
        storage.last
    }
}
