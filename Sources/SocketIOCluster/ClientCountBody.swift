import SocketIOProtocol

/// The body of BROADCAST_CLIENT_COUNT: `{"requestId":"…","clientCount":2}`.
public struct ClientCountBody: Sendable, Hashable {
    /// The acknowledged broadcast this counts for.
    public var requestID: String
    /// How many clients the answering node sent the broadcast to (0 included).
    public var clientCount: Int

    /// A body for BROADCAST_CLIENT_COUNT.
    public init(requestID: String, clientCount: Int) {
        self.requestID = requestID
        self.clientCount = clientCount
    }

    init(_ fields: ClusterFields) throws(ClusterMessageDecodingError) {
        let requestID = try fields.required("requestId", \.stringValue)
        let clientCount = try fields.required("clientCount") { count in
            ClusterFields.integer(count).flatMap { $0 >= 0 ? Int($0) : nil }
        }
        self.init(requestID: requestID, clientCount: clientCount)
    }

    var value: SocketIOValue {
        ["requestId": .string(requestID), "clientCount": .number(Double(clientCount))]
    }
}
