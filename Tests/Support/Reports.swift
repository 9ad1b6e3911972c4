import Synchronization

/// Values reported from other threads, awaited by the test.
public final class Reports<Value: Sendable>: Sendable {
    private struct State {
        var values: [Value] = []
        var waiters: [(id: Int, count: Int, continuation: CheckedContinuation<Bool, Never>)] = []
        var nextWaiterID = 0
    }

    private let state = Mutex(State())

    /// An empty report.
    public init() {}

    /// Records `value` and wakes the waiters it satisfies.
    public func append(_ value: Value) {
        let ready = state.withLock { state -> [CheckedContinuation<Bool, Never>] in
            state.values.append(value)
            let count = state.values.count
            let ready = state.waiters.filter { $0.count <= count }.map(\.continuation)
            state.waiters.removeAll { $0.count <= count }
            return ready
        }
        for waiter in ready { waiter.resume(returning: true) }
    }

    /// Everything reported so far, in order.
    public var values: [Value] { state.withLock { $0.values } }

    /// Waits (at most `timeout`) until `count` values were reported, and returns them.
    public func wait(for count: Int, timeout: Duration = .seconds(5)) async throws -> [Value] {
        let reached = await withCheckedContinuation { (continuation: CheckedContinuation<Bool, Never>) in
            let waiterID = state.withLock { state -> Int? in
                if state.values.count >= count {
                    continuation.resume(returning: true)
                    return nil
                }
                state.nextWaiterID += 1
                state.waiters.append((state.nextWaiterID, count, continuation))
                return state.nextWaiterID
            }
            guard let waiterID else { return }
            Task {
                try? await Task.sleep(for: timeout)
                let expired = state.withLock { state -> CheckedContinuation<Bool, Never>? in
                    guard let index = state.waiters.firstIndex(where: { $0.id == waiterID }) else { return nil }
                    return state.waiters.remove(at: index).continuation
                }
                expired?.resume(returning: false)
            }
        }
        guard reached else { throw TestTimeout() }
        return values
    }
}
