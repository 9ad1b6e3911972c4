/// The kinds of cluster messages, with their `type` numbers (`MessageType` of socket.io-adapter's
/// `ClusterAdapter`).
public enum ClusterMessageType: Int, Sendable, Hashable, CaseIterable {
    /// A node announces itself; every node that hears it answers HEARTBEAT. No body.
    case initialHeartbeat = 1
    /// A node is alive (at least every `heartbeatInterval`). No body.
    case heartbeat
    /// Send a packet to the matching sockets, optionally collecting acknowledgements.
    case broadcast
    /// Make the matching sockets join rooms.
    case socketsJoin
    /// Make the matching sockets leave rooms.
    case socketsLeave
    /// Disconnect the matching sockets.
    case disconnectSockets
    /// Describe the matching sockets (a request).
    case fetchSockets
    /// One node's answer to FETCH_SOCKETS.
    case fetchSocketsResponse
    /// An event for the namespace's server-side listeners, optionally with an acknowledgement.
    case serverSideEmit
    /// One node's acknowledgement of a SERVER_SIDE_EMIT.
    case serverSideEmitResponse
    /// How many clients one node sent an acknowledged broadcast to.
    case broadcastClientCount
    /// One client's acknowledgement of a broadcast (its first argument).
    case broadcastAck
    /// A node leaves the namespace. No body.
    case adapterClose

    /// Reads member `type` of an envelope or an attachment header.
    init(typeOf fields: ClusterFields) throws(ClusterMessageDecodingError) {
        let number = try fields.required("type", ClusterFields.integer)
        guard let type = Self(rawValue: Int(number)) else { throw .unknownMessageType(Int(number)) }
        self = type
    }
}
