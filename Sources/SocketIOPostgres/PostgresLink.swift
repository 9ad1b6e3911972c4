import Logging
import PostgresNIO
import Synchronization

/// One PostgreSQL connection kept open for one role (listening or publishing).
///
/// `start` connects and prepares the first connection, or throws. From then on, when the
/// connection is lost, a new one is made after a delay drawn from `reconnectDelay` (and again
/// after each failure), prepared again, and announced, until `close()`.
final class PostgresLink: Sendable {
    /// What the link reports to its owner.
    enum Event: Sendable {
        /// The connection is lost (or could not be re-established), for `reason`.
        case lost(reason: String)
        /// A new connection is up and prepared.
        case restored
    }

    typealias Prepare = @Sendable (PostgresConnection) async throws -> Void

    /// `listening` or `publishing`, for logs and reasons.
    let role: String
    private let configuration: PostgresConnection.Configuration
    private let reconnectDelay: ClosedRange<Duration>
    private let logger: Logger
    private let state = Mutex(State())
    private static let connectionIDs = Atomic<Int>(0)

    private struct State {
        var connection: PostgresConnection?
        var supervisor: Task<Void, Never>?
        var closed = false
    }

    init(role: String, options: PostgresClusterOptions, logger: Logger) {
        self.role = role
        self.configuration = options.endpoint.configuration(applicationName: options.applicationName + " " + role)
        self.reconnectDelay = options.reconnectDelay
        self.logger = logger
    }

    /// The connection while it is up.
    var connection: PostgresConnection? {
        state.withLock { $0.connection }
    }

    /// Connects, runs `prepare` on the connection, and keeps a connection open from then on,
    /// running `prepare` on each new one and reporting losses and recoveries to `report`.
    ///
    /// - Throws: what connecting or `prepare` threw the first time.
    func start(prepare: @escaping Prepare, report: @escaping @Sendable (Event) -> Void) async throws {
        let connection = try await connect(prepare)
        let started = state.withLock { state -> Bool in
            guard !state.closed else { return false }
            state.connection = connection
            state.supervisor = Task { await self.supervise(connection, prepare: prepare, report: report) }
            return true
        }
        if !started { try? await connection.close() }
    }

    /// Closes the connection and stops reconnecting.
    func close() async {
        let (connection, supervisor) = state.withLock { state in
            state.closed = true
            defer { state.connection = nil }
            return (state.connection, state.supervisor)
        }
        supervisor?.cancel()
        try? await connection?.close()
        await supervisor?.value
    }

    private func connect(_ prepare: Prepare) async throws -> PostgresConnection {
        let id = Self.connectionIDs.wrappingAdd(1, ordering: .relaxed).newValue
        let connection = try await PostgresConnection.connect(configuration: configuration, id: id, logger: logger)
        do {
            try await prepare(connection)
        } catch {
            try? await connection.close()
            throw error
        }
        return connection
    }

    /// Waits for `first` to close, then reconnects, for as long as the link is open.
    private func supervise(_ first: PostgresConnection, prepare: Prepare, report: @Sendable (Event) -> Void) async {
        var connection = first
        while true {
            try? await connection.closeFuture.get()
            let open = state.withLock { state in
                state.connection = nil
                return !state.closed
            }
            guard open else { return }
            report(.lost(reason: "the \(role) connection to PostgreSQL was lost"))
            while true {
                let delay = Duration.milliseconds(Int64.random(in: reconnectDelay.lowerBound.milliseconds ... reconnectDelay.upperBound.milliseconds))
                do {
                    try await Task.sleep(for: delay)
                } catch {
                    return
                }
                do {
                    let next = try await connect(prepare)
                    let current = state.withLock { state -> Bool in
                        guard !state.closed else { return false }
                        state.connection = next
                        return true
                    }
                    guard current else {
                        try? await next.close()
                        return
                    }
                    connection = next
                    break
                } catch {
                    report(.lost(reason: "the \(role) connection to PostgreSQL could not be re-established: \(String(reflecting: error))"))
                }
            }
            report(.restored)
        }
    }
}

extension Duration {
    /// The whole milliseconds of this duration.
    var milliseconds: Int64 {
        components.seconds * 1000 + components.attoseconds / 1_000_000_000_000_000
    }
}
