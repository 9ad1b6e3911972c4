import NIOCore
import PostgresNIO
import SocketIOCluster

extension PostgresClusterTransport {
    /// Listens on the channel of `namespace` and hands its messages to `receive`, one at a time,
    /// in arrival order; returns once the `LISTEN` is in place (at once while the listening
    /// connection is down: it is issued on reconnection). A namespace whose channel PostgreSQL
    /// cannot take is logged and stays local.
    public func subscribe(namespace: String, _ receive: @escaping @Sendable (ClusterMessage) -> Void) async {
        guard let channel = channel(of: namespace) else {
            logger.error("namespace not clustered: its channel is longer than 63 bytes or has a double quote",
                         metadata: ["namespace": "\(namespace)"])
            return
        }
        let ready = shared.withLock { shared -> EventLoopFuture<Void>? in
            guard !shared.closed else { return nil }
            shared.subscriptions[channel]?.listener?.cancel()
            var subscription = Subscription(namespace: namespace, receive: receive)
            let ready = shared.listeningConnection.map { connection in
                let (listener, ready) = listen(to: channel, on: connection)
                subscription.listener = listener
                return ready
            }
            shared.subscriptions[channel] = subscription
            return ready
        }
        try? await ready?.get()
    }

    /// Stops listening on the channel of `namespace` (`UNLISTEN`).
    public func unsubscribe(namespace: String) async {
        guard let channel = channel(of: namespace) else { return }
        let listener = shared.withLock { $0.subscriptions.removeValue(forKey: channel)?.listener }
        listener?.cancel()
        await listener?.value
    }

    /// Makes `connection` the listening connection and listens there on every subscribed
    /// channel; returns when every `LISTEN` is in place.
    func listenToEverySubscription(on connection: PostgresConnection) async {
        let ready = shared.withLock { shared -> [EventLoopFuture<Void>] in
            shared.listeningConnection = connection
            var ready: [EventLoopFuture<Void>] = []
            for (channel, var subscription) in shared.subscriptions {
                let (listener, listening) = listen(to: channel, on: connection)
                subscription.listener = listener
                shared.subscriptions[channel] = subscription
                ready.append(listening)
            }
            return ready
        }
        for listening in ready { try? await listening.get() }
    }

    /// A task that holds `LISTEN` on `channel` and forwards its notifications to the inbox until
    /// cancelled (then `UNLISTEN`) or the connection is lost; and a future that completes once
    /// the `LISTEN` is in place or has failed.
    private func listen(to channel: String, on connection: PostgresConnection) -> (Task<Void, Never>, EventLoopFuture<Void>) {
        let ready = connection.eventLoop.makePromise(of: Void.self)
        let listener = Task { [inbox, logger] in
            do {
                try await connection.listen(on: channel) { notifications in
                    ready.succeed()
                    for try await notification in notifications {
                        inbox.yield(Inbound(channel: channel, payload: notification.payload))
                    }
                }
            } catch {
                if !Task.isCancelled && !connection.isClosed {
                    logger.error("LISTEN failed", metadata: ["channel": "\(channel)", "error": "\(String(reflecting: error))"])
                }
                ready.fail(error)
            }
        }
        return (listener, ready.futureResult)
    }

    /// Handles the inbox's notifications one after the other: decodes each, fetches the message
    /// of an attachment header, and hands it to its namespace's subscriber.
    func deliver(_ inbox: AsyncStream<Inbound>) async {
        for await notification in inbox {
            guard let receive = shared.withLock({ $0.subscriptions[notification.channel]?.receive }) else { continue }
            do {
                switch try codec.decode(notification: notification.payload, channel: notification.channel) {
                case .message(let message):
                    receive(message)
                case .attachment(let header):
                    guard !shared.withLock({ $0.ownUIDs.contains(header.uid) }) else { continue }
                    if let message = try await fetch(header, channel: notification.channel) { receive(message) }
                }
            } catch {
                logger.warning("cluster notification dropped", metadata: [
                    "channel": "\(notification.channel)", "error": "\(String(reflecting: error))",
                ])
            }
        }
    }

    /// The message stored in the attachment row of `header`, or `nil` (logged) when the row is
    /// gone.
    private func fetch(_ header: ClusterAttachmentHeader, channel: String) async throws -> ClusterMessage? {
        guard let connection = shared.withLock({ $0.listeningConnection }) else { throw PostgresClusterTransportError.notConnected }
        let rows = try await connection.query(statements.selectAttachment(id: header.attachmentID), logger: logger)
        var payload: ByteBuffer?
        for try await row in rows.decode(ByteBuffer.self) { payload = row }
        guard let payload else {
            logger.warning("cluster attachment missing (cleaned up, or never committed)", metadata: ["id": "\(header.attachmentID)"])
            return nil
        }
        return try codec.decode(attachment: payload, channel: channel)
    }
}
