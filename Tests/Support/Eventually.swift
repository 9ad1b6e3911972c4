/// Polls `condition` every 10 ms until it holds, for at most `timeout`: for state that changes
/// on other threads without an event to await (cluster membership, remote rooms).
public func eventually(timeout: Duration = .seconds(2), _ condition: @Sendable () async -> Bool) async throws {
    let deadline = ContinuousClock.now + timeout
    while !(await condition()) {
        guard ContinuousClock.now < deadline else { throw TestTimeout() }
        try await Task.sleep(for: .milliseconds(10))
    }
}
