import SocketIOProtocol

/// The body of FETCH_SOCKETS: `{"opts":{…},"requestId":"…"}`.
public struct FetchSocketsBody: Sendable, Hashable {
    /// Which sockets to describe.
    public var options: ClusterBroadcastOptions
    /// The id every FETCH_SOCKETS_RESPONSE repeats.
    public var requestID: String

    /// A body for FETCH_SOCKETS.
    public init(options: ClusterBroadcastOptions, requestID: String) {
        self.options = options
        self.requestID = requestID
    }

    init(_ fields: ClusterFields) throws(ClusterMessageDecodingError) {
        self.init(
            options: try ClusterBroadcastOptions(fields.object("opts")),
            requestID: try fields.required("requestId", \.stringValue)
        )
    }

    var value: SocketIOValue {
        ["opts": options.value, "requestId": .string(requestID)]
    }
}
