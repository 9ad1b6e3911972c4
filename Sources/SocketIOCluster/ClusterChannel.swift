/// The PostgreSQL notification channels of the cluster: one per namespace, `<prefix>#<namespace>`
/// (`socket.io#/`, `socket.io#/admin`), namespace verbatim and case-sensitive.
public enum ClusterChannel {
    /// `@socket.io/postgres-adapter`'s default `channelPrefix`.
    public static let defaultPrefix = "socket.io"
    /// The longest channel name PostgreSQL takes, in UTF-8 bytes (its identifiers are shorter
    /// than 64).
    public static let maximumNameLength = 63

    /// The channel of `namespace`.
    ///
    /// - Throws: `ClusterChannelError.nameTooLong` beyond `maximumNameLength` bytes (with the
    ///   default prefix, namespaces longer than 53 bytes cannot be clustered).
    public static func name(prefix: String = defaultPrefix, namespace: String) throws(ClusterChannelError) -> String {
        let name = prefix + "#" + namespace
        let byteCount = name.utf8.count
        guard byteCount <= maximumNameLength else { throw .nameTooLong(name, byteCount: byteCount) }
        return name
    }

    /// The namespace of the channel `name`, or `nil` when it does not start with `<prefix>#`.
    public static func namespace(ofChannel name: String, prefix: String = defaultPrefix) -> String? {
        let start = prefix + "#"
        guard name.utf8.starts(with: start.utf8) else { return nil }
        return String(name.utf8.dropFirst(start.utf8.count))
    }

    /// `name` as a quoted SQL identifier for `LISTEN`/`UNLISTEN`: in double quotes, embedded
    /// double quotes doubled (`a"b` → `"a""b"`). `pg_notify` takes the plain name as a bind
    /// parameter instead.
    public static func quotedIdentifier(_ name: String) -> String {
        "\"" + name.replacing("\"", with: "\"\"") + "\""
    }
}
