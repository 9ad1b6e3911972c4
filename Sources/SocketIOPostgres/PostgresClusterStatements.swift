import NIOCore
import PostgresNIO
import SocketIOCluster

/// The SQL of the transport (spec §4.2, §4.4): the attachment table's name quoted as an
/// identifier, every value a bind parameter.
struct PostgresClusterStatements: Sendable {
    /// The attachment table's name, quoted (`"socket_io_attachments"`).
    let quotedName: String

    init(tableName: String) {
        quotedName = ClusterChannel.quotedIdentifier(tableName)
    }

    /// Creates the attachment table when missing, with the columns the Node adapter expects.
    var createTable: PostgresQuery {
        PostgresQuery(unsafeSQL: "CREATE TABLE IF NOT EXISTS \(quotedName) (id bigserial UNIQUE, created_at timestamptz DEFAULT NOW(), payload bytea)")
    }

    /// Stores a MessagePack message; one row with its `id` (int8) comes back.
    func insertAttachment(_ payload: ByteBuffer) -> PostgresQuery {
        "INSERT INTO \(unescaped: quotedName) (payload) VALUES (\(payload)) RETURNING id"
    }

    /// The stored message `id` (bound as int8: text against bigint fails): one `payload` row, or
    /// none once cleaned up.
    func selectAttachment(id: Int64) -> PostgresQuery {
        "SELECT payload FROM \(unescaped: quotedName) WHERE id = \(id)"
    }

    /// Deletes the rows older than `age` (rounded down to milliseconds).
    func deleteAttachments(olderThan age: Duration) -> PostgresQuery {
        PostgresQuery(unsafeSQL: "DELETE FROM \(quotedName) WHERE created_at < now() - interval '\(age.milliseconds) milliseconds'")
    }

    /// Notifies `channel` with `payload`, both bind parameters.
    func notify(channel: String, payload: String) -> PostgresQuery {
        "SELECT pg_notify(\(channel), \(payload))"
    }
}
