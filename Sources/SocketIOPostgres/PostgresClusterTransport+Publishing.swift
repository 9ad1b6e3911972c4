import PostgresNIO
import SocketIOCluster

extension PostgresClusterTransport {
    /// Queues `message` for the publishing connection and returns at once; messages leave in
    /// call order. While that connection is down, or after `close()`, the message is lost.
    public func publish(_ message: ClusterMessage) {
        let isNewUID = shared.withLock { $0.ownUIDs.insert(message.uid).inserted }
        if isNewUID { logger.debug("publishing as a new node uid", metadata: ["uid": "\(message.uid)", "namespace": "\(message.namespace)"]) }
        jobs.yield(.publish(message))
    }

    /// Runs the queued jobs one after the other on the publishing connection, until `close()`.
    func publish(_ jobs: AsyncStream<Job>) async {
        for await job in jobs {
            guard let connection = publishing.connection else {
                if case .publish = job { shared.withLock { $0.unpublished += 1 } }
                continue
            }
            do {
                switch job {
                case .publish(let message):
                    try await publish(message, on: connection)
                case .cleanup:
                    try await connection.query(statements.deleteAttachments(olderThan: options.cleanupInterval), logger: logger)
                }
            } catch {
                if case .publish = job, connection.isClosed { shared.withLock { $0.unpublished += 1 } }
                logger.error("cluster publication failed", metadata: ["error": "\(String(reflecting: error))"])
            }
        }
    }

    /// `pg_notify` of the message's JSON, or of the header of the attachment row it is stored in.
    private func publish(_ message: ClusterMessage, on connection: PostgresConnection) async throws {
        guard let channel = channel(of: message.namespace) else { return }
        switch codec.encode(message) {
        case .inline(let json):
            try await connection.query(statements.notify(channel: channel, payload: json), logger: logger)
        case .attachment(let bytes, let uid, let type):
            let rows = try await connection.query(statements.insertAttachment(bytes), logger: logger)
            var id: Int64?
            for try await row in rows.decode(Int64.self) { id = row }
            guard let id else { throw PostgresClusterTransportError.noAttachmentID }
            let header = ClusterAttachmentHeader(uid: uid, type: type, attachmentID: id)
            try await connection.query(statements.notify(channel: channel, payload: header.jsonText), logger: logger)
        }
    }
}
