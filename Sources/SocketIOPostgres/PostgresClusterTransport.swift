import Logging
import NIOCore
import PostgresNIO
import SocketIOCluster
import Synchronization

/// The `ClusterTransport` of `@socket.io/postgres-adapter` (spec §4): PostgreSQL `LISTEN`/`NOTIFY`
/// with the attachment table for large and binary messages. Install it with
///
/// ```swift
/// let transport = try await PostgresClusterTransport(options: PostgresClusterOptions(endpoint: endpoint), logger: logger)
/// options.adapter = { ClusterAdapter(namespace: $0, transport: transport) }
/// ```
///
/// Two connections: one listens on the channel of every subscribed namespace and fetches
/// attachments; the other publishes through one serial queue (messages leave in `publish` order)
/// and deletes old attachments every `cleanupInterval`. Losing either does not stop local
/// delivery: it is re-established after a random 1–3 s (every channel listened to again), and
/// what could not travel meanwhile is lost and logged. `state` and `observeState` tell
/// operators. Every method may be called from any thread; call `close()` once the server is closed.
public final class PostgresClusterTransport: ClusterTransport {
    /// What the transport was made with.
    public let options: PostgresClusterOptions
    let codec: ClusterNotificationCodec
    let statements: PostgresClusterStatements
    let logger: Logger
    let listening: PostgresLink
    let publishing: PostgresLink
    let shared = Mutex(Shared())
    /// The publication queue (`publish`, cleanups), drained in order by `publisher`.
    let jobs: AsyncStream<Job>.Continuation
    /// The notifications of every channel, handled in order by `deliverer`.
    let inbox: AsyncStream<Inbound>.Continuation
    private let tasks = Mutex<Tasks?>(nil)

    private struct Tasks {
        let publisher: Task<Void, Never>
        let deliverer: Task<Void, Never>
        let cleaner: Task<Void, Never>
    }

    /// One namespace this node listens to.
    struct Subscription {
        let namespace: String
        let receive: @Sendable (ClusterMessage) -> Void
        /// The task that holds the `LISTEN` on the current listening connection.
        var listener: Task<Void, Never>?
    }

    /// A notification as it arrived.
    struct Inbound: Sendable {
        let channel: String
        let payload: String
    }

    /// What the publishing connection does, in queue order.
    enum Job: Sendable {
        case publish(ClusterMessage)
        case cleanup
    }

    struct Shared {
        /// By channel.
        var subscriptions: [String: Subscription] = [:]
        /// The listening connection the subscriptions' listeners run on, while it is up.
        var listeningConnection: PostgresConnection?
        var listeningLost: (reason: String, since: ContinuousClock.Instant)?
        var publishingLost: String?
        /// Messages dropped while the publishing connection was down.
        var unpublished = 0
        var closed = false
        var observers: [@Sendable (PostgresClusterState) -> Void] = []
        /// The uids this node published with: their attachments need no fetching.
        var ownUIDs: Set<String> = []

        var state: PostgresClusterState {
            if closed { return .closed }
            if let reason = listeningLost?.reason ?? publishingLost { return .reconnecting(reason: reason) }
            return .connected
        }
    }

    /// Connects both connections (creating the attachment table unless `createsTable` is off)
    /// and starts the publication queue and the cleanup timer.
    ///
    /// - Throws: the PostgresNIO error of the first connection that could not be made or prepared.
    public init(options: PostgresClusterOptions, logger: Logger) async throws {
        self.options = options
        self.codec = ClusterNotificationCodec(channelPrefix: options.channelPrefix, payloadThreshold: options.payloadThreshold)
        self.statements = PostgresClusterStatements(tableName: options.tableName)
        self.logger = logger
        self.listening = PostgresLink(role: "listening", options: options, logger: logger)
        self.publishing = PostgresLink(role: "publishing", options: options, logger: logger)
        let (jobs, jobsContinuation) = AsyncStream.makeStream(of: Job.self)
        let (inbox, inboxContinuation) = AsyncStream.makeStream(of: Inbound.self)
        self.jobs = jobsContinuation
        self.inbox = inboxContinuation

        do {
            try await publishing.start(prepare: { [statements, createsTable = options.createsTable, logger] connection in
                if createsTable { try await Self.createTable(on: connection, statements: statements, logger: logger) }
            }, report: { [weak self] event in self?.publishingReported(event) })
            try await listening.start(prepare: { [weak self] connection in await self?.listenToEverySubscription(on: connection) },
                                      report: { [weak self] event in self?.listeningReported(event) })
        } catch {
            await publishing.close()
            await listening.close()
            throw error
        }
        let cleanupInterval = options.cleanupInterval
        tasks.withLock { tasks in
            tasks = Tasks(
                publisher: Task { await self.publish(jobs) },
                deliverer: Task { await self.deliver(inbox) },
                cleaner: Task {
                    while (try? await Task.sleep(for: cleanupInterval)) != nil { jobsContinuation.yield(.cleanup) }
                }
            )
        }
        logger.info("cluster transport connected to PostgreSQL", metadata: ["endpoint": "\(options.endpoint.redactedURL)"])
    }

    /// Connects to the database of `url` (`postgres://user:password@host:port/database`, read by
    /// `PostgresEndpoint(url:)`) with the default options: what `sio-server --postgres URL` does.
    ///
    /// - Throws: `PostgresEndpointError` for a malformed URL, else as `init(options:logger:)`.
    public convenience init(url: String, logger: Logger) async throws {
        try await self.init(options: PostgresClusterOptions(endpoint: PostgresEndpoint(url: url)), logger: logger)
    }

    // MARK: state

    /// Whether messages currently travel; safe from any thread.
    public var state: PostgresClusterState {
        shared.withLock { $0.state }
    }

    /// Calls `observer` with each new `state`, on the thread where it changed.
    public func observeState(_ observer: @escaping @Sendable (PostgresClusterState) -> Void) {
        shared.withLock { $0.observers.append(observer) }
    }

    /// Applies `change` to the shared state and tells the observers if `state` changed.
    func updateState(_ change: (inout Shared) -> Void) {
        let (state, observers) = shared.withLock { shared -> (PostgresClusterState?, [@Sendable (PostgresClusterState) -> Void]) in
            let before = shared.state
            change(&shared)
            let after = shared.state
            return (after == before ? nil : after, shared.observers)
        }
        guard let state else { return }
        for observer in observers { observer(state) }
    }

    private func publishingReported(_ event: PostgresLink.Event) {
        switch event {
        case .lost(let reason):
            logger.warning("cluster messages are not published until PostgreSQL is back", metadata: ["reason": "\(reason)"])
            updateState { $0.publishingLost = reason }
        case .restored:
            var unpublished = 0
            updateState { shared in
                shared.publishingLost = nil
                unpublished = shared.unpublished
                shared.unpublished = 0
            }
            logger.warning("publishing connection to PostgreSQL restored; messages of this node the others missed",
                           metadata: ["lost": "\(unpublished)"])
        }
    }

    private func listeningReported(_ event: PostgresLink.Event) {
        switch event {
        case .lost(let reason):
            logger.warning("cluster messages are not received until PostgreSQL is back", metadata: ["reason": "\(reason)"])
            updateState { shared in
                shared.listeningConnection = nil
                shared.listeningLost = (reason, shared.listeningLost?.since ?? .now)
            }
        case .restored:
            var since: ContinuousClock.Instant?
            updateState { shared in
                since = shared.listeningLost?.since
                shared.listeningLost = nil
            }
            logger.warning("listening connection to PostgreSQL restored; what the other nodes published meanwhile is lost",
                           metadata: ["for": "\(since.map { ContinuousClock.now - $0 } ?? .zero)"])
        }
    }

    // MARK: closing

    /// Publishes what is queued, then closes both connections; the transport does nothing
    /// afterwards. Call it after the server's `close()` (whose adapters publish ADAPTER_CLOSE).
    public func close() async {
        let alreadyClosed = shared.withLock { shared in
            defer { shared.closed = true }
            return shared.closed
        }
        guard !alreadyClosed else { return }
        jobs.finish()
        let tasks = tasks.withLock { $0 }
        tasks?.cleaner.cancel()
        await tasks?.publisher.value
        let listeners = shared.withLock { shared in
            shared.listeningConnection = nil
            return shared.subscriptions.values.compactMap(\.listener)
        }
        for listener in listeners { listener.cancel() }
        await listening.close()
        await publishing.close()
        inbox.finish()
        await tasks?.deliverer.value
        let observers = shared.withLock { $0.observers }
        for observer in observers { observer(.closed) }
        logger.info("cluster transport closed")
    }

    /// The channel of `namespace`, or `nil` when it cannot have one: longer than PostgreSQL
    /// takes, or with a double quote, which PostgresNIO's `LISTEN` does not escape.
    func channel(of namespace: String) -> String? {
        guard let channel = try? ClusterChannel.name(prefix: options.channelPrefix, namespace: namespace),
              !channel.contains("\"") else { return nil }
        return channel
    }

    private static func createTable(on connection: PostgresConnection, statements: PostgresClusterStatements, logger: Logger) async throws {
        do {
            try await connection.query(statements.createTable, logger: logger)
        } catch {
            // Two nodes creating the table at once: one fails on the catalog's unique index.
            try await connection.query(statements.createTable, logger: logger)
        }
    }
}
