import Synchronization

/// A shared count, safe from any thread.
final class Counter: Sendable {
    private let value = Atomic<Int>(0)

    /// Adds one and returns the count before.
    @discardableResult
    func increment() -> Int {
        value.wrappingAdd(1, ordering: .relaxed).oldValue
    }

    /// The current count.
    var count: Int { value.load(ordering: .relaxed) }
}
