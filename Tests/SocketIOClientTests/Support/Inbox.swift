import Synchronization

/// Values reported from any thread (event loops, handlers, a child process's output), awaited by
/// the test with a bound.
final class Inbox<Value: Sendable>: Sendable {
    private struct Waiter {
        let id: UInt64
        let count: Int
        let predicate: @Sendable (Value) -> Bool
        let continuation: CheckedContinuation<[Value], any Error>
    }

    private struct State {
        var values: [Value] = []
        var waiters: [Waiter] = []
        var nextWaiterID: UInt64 = 0
        /// Waiters whose time ran out before they were registered.
        var expired: Set<UInt64> = []
    }

    private let state = Mutex(State())

    init() {}

    /// Everything reported so far, in order.
    var values: [Value] { state.withLock { $0.values } }

    func append(_ value: Value) {
        let ready = state.withLock { state in
            state.values.append(value)
            var ready: [(CheckedContinuation<[Value], any Error>, [Value])] = []
            state.waiters.removeAll { waiter in
                let matches = state.values.filter(waiter.predicate)
                guard matches.count >= waiter.count else { return false }
                ready.append((waiter.continuation, Array(matches.prefix(waiter.count))))
                return true
            }
            return ready
        }
        for (continuation, values) in ready { continuation.resume(returning: values) }
    }

    /// Waits until `count` reported values (counting those already there) satisfy `predicate`
    /// and returns the first `count` of them; throws `TimedOut` after `timeout`.
    @discardableResult
    func wait(for count: Int = 1, timeout: Duration = .seconds(5), _ what: String = "values",
              where predicate: @escaping @Sendable (Value) -> Bool = { _ in true }) async throws -> [Value] {
        let id = state.withLock { state in
            defer { state.nextWaiterID += 1 }
            return state.nextWaiterID
        }
        let timer = Task {
            try await Task.sleep(for: timeout)
            let waiter = state.withLock { state -> Waiter? in
                guard let index = state.waiters.firstIndex(where: { $0.id == id }) else {
                    state.expired.insert(id)
                    return nil
                }
                return state.waiters.remove(at: index)
            }
            let seen = values
            waiter?.continuation.resume(throwing: TimedOut("\(count) \(what) within \(timeout); got \(seen)"))
        }
        defer { timer.cancel() }
        return try await withCheckedThrowingContinuation { continuation in
            let outcome = state.withLock { state -> Result<[Value], TimedOut>? in
                let matches = state.values.filter(predicate)
                if matches.count >= count { return .success(Array(matches.prefix(count))) }
                if state.expired.remove(id) != nil {
                    return .failure(TimedOut("\(count) \(what) within \(timeout); got \(state.values)"))
                }
                state.waiters.append(Waiter(id: id, count: count, predicate: predicate, continuation: continuation))
                return nil
            }
            if let outcome { continuation.resume(with: outcome.mapError { $0 as any Error }) }
        }
    }

    /// The first reported value satisfying `predicate` (see `wait(for:timeout:where:)`).
    @discardableResult
    func first(timeout: Duration = .seconds(5), _ what: String = "value",
               where predicate: @escaping @Sendable (Value) -> Bool = { _ in true }) async throws -> Value {
        try await wait(for: 1, timeout: timeout, what, where: predicate)[0]
    }
}

/// A bounded wait ran out.
struct TimedOut: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) {
        self.description = "timed out waiting for \(description)"
    }
}

/// Runs `operation`, failing with `TimedOut` after `timeout` (the operation is cancelled).
func withTimeout<T: Sendable>(_ what: String, timeout: Duration = .seconds(5),
                              _ operation: @escaping @Sendable () async throws -> T) async throws -> T {
    try await withThrowingTaskGroup(of: T.self) { group in
        group.addTask(operation: operation)
        group.addTask {
            try await Task.sleep(for: timeout)
            throw TimedOut(what)
        }
        defer { group.cancelAll() }
        return try await group.next()!
    }
}
