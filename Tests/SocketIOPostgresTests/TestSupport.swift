import Synchronization

/// Values reported from other threads, awaited by the test.
final class Reports<Value: Sendable>: Sendable {
    private struct State {
        var values: [Value] = []
        var waiters: [(id: Int, count: Int, continuation: CheckedContinuation<Bool, Never>)] = []
        var nextWaiterID = 0
    }

    private let state = Mutex(State())

    func append(_ value: Value) {
        let ready = state.withLock { state -> [CheckedContinuation<Bool, Never>] in
            state.values.append(value)
            let count = state.values.count
            let ready = state.waiters.filter { $0.count <= count }.map(\.continuation)
            state.waiters.removeAll { $0.count <= count }
            return ready
        }
        for waiter in ready { waiter.resume(returning: true) }
    }

    var values: [Value] { state.withLock { $0.values } }

    /// Waits (at most `timeout`) until `count` values were reported, and returns them.
    func wait(for count: Int, timeout: Duration = .seconds(2)) async throws -> [Value] {
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

/// Polls `condition` every 10 ms until it holds, for at most `timeout`: for state that changes
/// on other threads without an event to await (cluster membership, remote rooms).
func eventually(timeout: Duration = .seconds(2), _ condition: @Sendable () async -> Bool) async throws {
    let deadline = ContinuousClock.now + timeout
    while !(await condition()) {
        guard ContinuousClock.now < deadline else { throw TestTimeout() }
        try await Task.sleep(for: .milliseconds(10))
    }
}

struct TestTimeout: Error {}

struct UnexpectedFrame: Error, CustomStringConvertible {
    let text: String
    init(_ text: String) { self.text = text }
    var description: String { "unexpected frame \(text)" }
}
