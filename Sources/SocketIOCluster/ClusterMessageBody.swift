import SocketIOProtocol

/// What a cluster message says: its type with its typed `data`.
public enum ClusterMessageBody: Sendable, Hashable {
    /// INITIAL_HEARTBEAT (1).
    case initialHeartbeat
    /// HEARTBEAT (2).
    case heartbeat
    /// BROADCAST (3).
    case broadcast(BroadcastBody)
    /// SOCKETS_JOIN (4).
    case socketsJoin(SocketsRoomsBody)
    /// SOCKETS_LEAVE (5).
    case socketsLeave(SocketsRoomsBody)
    /// DISCONNECT_SOCKETS (6).
    case disconnectSockets(DisconnectSocketsBody)
    /// FETCH_SOCKETS (7).
    case fetchSockets(FetchSocketsBody)
    /// FETCH_SOCKETS_RESPONSE (8).
    case fetchSocketsResponse(FetchSocketsResponseBody)
    /// SERVER_SIDE_EMIT (9).
    case serverSideEmit(ServerSideEmitBody)
    /// SERVER_SIDE_EMIT_RESPONSE (10).
    case serverSideEmitResponse(ReplyBody)
    /// BROADCAST_CLIENT_COUNT (11).
    case broadcastClientCount(ClientCountBody)
    /// BROADCAST_ACK (12).
    case broadcastAck(ReplyBody)
    /// ADAPTER_CLOSE (13).
    case adapterClose

    /// The message type.
    public var type: ClusterMessageType {
        switch self {
        case .initialHeartbeat: .initialHeartbeat
        case .heartbeat: .heartbeat
        case .broadcast: .broadcast
        case .socketsJoin: .socketsJoin
        case .socketsLeave: .socketsLeave
        case .disconnectSockets: .disconnectSockets
        case .fetchSockets: .fetchSockets
        case .fetchSocketsResponse: .fetchSocketsResponse
        case .serverSideEmit: .serverSideEmit
        case .serverSideEmitResponse: .serverSideEmitResponse
        case .broadcastClientCount: .broadcastClientCount
        case .broadcastAck: .broadcastAck
        case .adapterClose: .adapterClose
        }
    }

    /// Reads the `data` of a message of `type` (ignored for the types without a body); `namespace`
    /// is the message's, given to a broadcast packet.
    init(type: ClusterMessageType, data: SocketIOValue?, namespace: String) throws(ClusterMessageDecodingError) {
        func fields() throws(ClusterMessageDecodingError) -> ClusterFields {
            guard let data, !data.isNull else { throw .missingField("data") }
            return try ClusterFields(data, path: "data")
        }
        switch type {
        case .initialHeartbeat: self = .initialHeartbeat
        case .heartbeat: self = .heartbeat
        case .broadcast: self = .broadcast(try BroadcastBody(fields(), namespace: namespace))
        case .socketsJoin: self = .socketsJoin(try SocketsRoomsBody(fields()))
        case .socketsLeave: self = .socketsLeave(try SocketsRoomsBody(fields()))
        case .disconnectSockets: self = .disconnectSockets(try DisconnectSocketsBody(fields()))
        case .fetchSockets: self = .fetchSockets(try FetchSocketsBody(fields()))
        case .fetchSocketsResponse: self = .fetchSocketsResponse(try FetchSocketsResponseBody(fields()))
        case .serverSideEmit: self = .serverSideEmit(try ServerSideEmitBody(fields()))
        case .serverSideEmitResponse: self = .serverSideEmitResponse(try ReplyBody(fields()))
        case .broadcastClientCount: self = .broadcastClientCount(try ClientCountBody(fields()))
        case .broadcastAck: self = .broadcastAck(try ReplyBody(fields()))
        case .adapterClose: self = .adapterClose
        }
    }

    /// The message's `data`, `nil` for the types without a body.
    var data: SocketIOValue? {
        switch self {
        case .initialHeartbeat, .heartbeat, .adapterClose: nil
        case .broadcast(let body): body.value
        case .socketsJoin(let body), .socketsLeave(let body): body.value
        case .disconnectSockets(let body): body.value
        case .fetchSockets(let body): body.value
        case .fetchSocketsResponse(let body): body.value
        case .serverSideEmit(let body): body.value
        case .serverSideEmitResponse(let body), .broadcastAck(let body): body.value
        case .broadcastClientCount(let body): body.value
        }
    }
}
