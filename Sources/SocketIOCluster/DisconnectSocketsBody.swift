import SocketIOProtocol

/// The body of DISCONNECT_SOCKETS: `{"opts":{…},"close":false}`.
public struct DisconnectSocketsBody: Sendable, Hashable {
    /// Which sockets disconnect.
    public var options: ClusterBroadcastOptions
    /// Whether their whole connections close too (absent on the wire means `false`).
    public var close: Bool

    /// A body for DISCONNECT_SOCKETS.
    public init(options: ClusterBroadcastOptions, close: Bool) {
        self.options = options
        self.close = close
    }

    init(_ fields: ClusterFields) throws(ClusterMessageDecodingError) {
        self.init(
            options: try ClusterBroadcastOptions(fields.object("opts")),
            close: try fields.optional("close", \.boolValue) ?? false
        )
    }

    var value: SocketIOValue {
        ["opts": options.value, "close": .bool(close)]
    }
}
