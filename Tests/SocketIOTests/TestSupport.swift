import Logging
import NIOCore
import SocketIO
import SocketIOProtocol
import Synchronization

/// A server for one test, logging nothing.
func makeServer(_ configure: (inout SocketIOServerOptions) -> Void = { _ in }) -> SocketIOServer {
    var options = SocketIOServerOptions()
    configure(&options)
    return SocketIOServer(options: options, logger: Logger(label: "test") { _ in SwiftLogNoOpLogHandler() })
}

/// Values reported from event loops, awaited by the test.
final class Reports<Value: Sendable>: Sendable {
    private let state = Mutex<(values: [Value], waiters: [(count: Int, continuation: CheckedContinuation<Void, Never>)])>(([], []))

    func append(_ value: Value) {
        let ready = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            state.values.append(value)
            let count = state.values.count
            let ready = state.waiters.filter { $0.count <= count }.map(\.continuation)
            state.waiters.removeAll { $0.count <= count }
            return ready
        }
        for waiter in ready { waiter.resume() }
    }

    var values: [Value] { state.withLock { $0.values } }

    /// Waits (at most `timeout`) until `count` values were reported, and returns them.
    func wait(for count: Int, timeout: Duration = .seconds(5)) async throws -> [Value] {
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                await withCheckedContinuation { continuation in
                    let done = self.state.withLock { state -> Bool in
                        if state.values.count >= count { return true }
                        state.waiters.append((count, continuation))
                        return false
                    }
                    if done { continuation.resume() }
                }
            }
            group.addTask {
                try await Task.sleep(for: timeout)
                throw TestTimeout()
            }
            try await group.next()
            group.cancelAll()
        }
        return values
    }
}
