import SocketIOProtocol

/// Sockets an operator kicked, and why (`x_kicked`, spec §9.8).
public struct KickRecord: Sendable, Hashable {
    /// Their namespace.
    public var namespace: String
    /// The kicked socket ids.
    public var ids: [String]
    /// The operator's reason.
    public var reason: String
    /// The admin user who kicked them, if known.
    public var by: String?

    /// The record in an `x_kicked` argument.
    init?(value: SocketIOValue) {
        guard let object = value.objectValue, let namespace = object["nsp"]?.stringValue else { return nil }
        self.namespace = namespace
        ids = object["ids"]?.arrayValue?.compactMap(\.stringValue) ?? []
        reason = object["reason"]?.stringValue ?? ""
        by = object["by"]?.stringValue
    }
}
