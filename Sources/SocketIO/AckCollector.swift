import SocketIOProtocol
import Synchronization

/// Gathers the acknowledgements of one broadcast: done when every server has reported how many
/// clients it reached and that many answers arrived, or at the timeout.
final class AckCollector: Sendable {
    private struct State {
        var expectedServers: Int
        var reportedServers = 0
        var expectedClients = 0
        var responses: [SocketIOValue] = []
        var continuation: CheckedContinuation<Result<[SocketIOValue], SocketIOError>, Never>?
        var onFinish: (@Sendable () -> Void)?
    }

    private let state: Mutex<State>

    init(expectedServers: Int, continuation: CheckedContinuation<Result<[SocketIOValue], SocketIOError>, Never>) {
        state = Mutex(State(expectedServers: expectedServers, continuation: continuation))
    }

    func onFinish(_ action: @escaping @Sendable () -> Void) {
        state.withLock { $0.onFinish = action }
    }

    func serverReported(clients: Int) {
        update { state in
            state.reportedServers += 1
            state.expectedClients += clients
        }
    }

    func received(_ response: SocketIOValue) {
        update { $0.responses.append(response) }
    }

    func timedOut() {
        finish { .failure(.ackTimeout(responses: $0.responses)) }
    }

    private func update(_ change: (inout State) -> Void) {
        finish { state in
            change(&state)
            let done = state.reportedServers >= state.expectedServers && state.responses.count >= state.expectedClients
            return done ? .success(state.responses) : nil
        }
    }

    /// Resumes the waiting task once, with what `decide` returns (nothing while it returns nil).
    private func finish(_ decide: (inout State) -> Result<[SocketIOValue], SocketIOError>?) {
        let outcome = state.withLock { state -> (CheckedContinuation<Result<[SocketIOValue], SocketIOError>, Never>, Result<[SocketIOValue], SocketIOError>, (@Sendable () -> Void)?)? in
            guard state.continuation != nil, let result = decide(&state) else { return nil }
            defer {
                state.continuation = nil
                state.onFinish = nil
            }
            return (state.continuation!, result, state.onFinish)
        }
        guard let (continuation, result, onFinish) = outcome else { return }
        onFinish?()
        continuation.resume(returning: result)
    }
}
