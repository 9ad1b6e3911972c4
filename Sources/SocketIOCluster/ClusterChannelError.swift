/// Why a namespace cannot have a PostgreSQL notification channel.
public enum ClusterChannelError: Error, Sendable, Hashable {
    /// The channel name `<prefix>#<namespace>` has `byteCount` UTF-8 bytes; PostgreSQL takes
    /// fewer than 64 (`pg_notify` fails, `LISTEN` silently truncates).
    case nameTooLong(String, byteCount: Int)
}
