import SocketIOProtocol

/// The body of FETCH_SOCKETS_RESPONSE: `{"requestId":"…","sockets":[…]}`.
public struct FetchSocketsResponseBody: Sendable, Hashable {
    /// The FETCH_SOCKETS request answered.
    public var requestID: String
    /// The answering node's matching sockets.
    public var sockets: [SocketDescription]

    /// A body for FETCH_SOCKETS_RESPONSE.
    public init(requestID: String, sockets: [SocketDescription]) {
        self.requestID = requestID
        self.sockets = sockets
    }

    init(_ fields: ClusterFields) throws(ClusterMessageDecodingError) {
        var sockets: [SocketDescription] = []
        for socket in try fields.objects("sockets") { sockets.append(try SocketDescription(socket)) }
        self.init(requestID: try fields.required("requestId", \.stringValue), sockets: sockets)
    }

    var value: SocketIOValue {
        ["requestId": .string(requestID), "sockets": .array(sockets.map(\.value))]
    }
}
