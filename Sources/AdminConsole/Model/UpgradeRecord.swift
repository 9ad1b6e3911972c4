import SocketIOProtocol

/// One transport upgrade attempt (`x_upgrade`, spec §9.4), or a success derived from
/// `socket_updated {transport}` on servers without the extension (no duration then).
public struct UpgradeRecord: Sendable, Hashable {
    /// The server that owns the session, when known.
    public var serverId: String?
    /// The Engine.IO client.
    public var clientId: String
    /// The transport it left (`polling`).
    public var from: String
    /// The transport it tried (`websocket`).
    public var to: String
    /// `success`, `timeout`, `probe failed` or `closed`.
    public var outcome: String
    /// From the WebSocket request to the upgrade packet or the failure, ms; nil when derived.
    public var durationMilliseconds: Double?
    /// When it ended.
    public var at: Timestamp?

    /// A record with these values.
    public init(serverId: String? = nil, clientId: String, from: String = "polling", to: String = "websocket",
                outcome: String = "success", durationMilliseconds: Double? = nil, at: Timestamp? = nil) {
        self.serverId = serverId
        self.clientId = clientId
        self.from = from
        self.to = to
        self.outcome = outcome
        self.durationMilliseconds = durationMilliseconds
        self.at = at
    }

    /// The record in an `x_upgrade` argument.
    init?(value: SocketIOValue) {
        guard let object = value.objectValue, let clientId = object["clientId"]?.stringValue else { return nil }
        self.init(serverId: object["serverId"]?.stringValue, clientId: clientId,
                  from: object["from"]?.stringValue ?? "polling", to: object["to"]?.stringValue ?? "websocket",
                  outcome: object["outcome"]?.stringValue ?? "success",
                  durationMilliseconds: object["durationMs"]?.numberValue, at: Timestamp(object["timestamp"]))
    }

    /// Whether the client now runs on the new transport.
    public var succeeded: Bool {
        outcome == "success"
    }
}
