import NIOCore
import SocketIO
import SocketIOProtocol

extension ClusterAdapter {
    /// Handles one message of the namespace's channel (spec §3.4): membership first, then the
    /// operation, applied locally only (never re-published), or the answer to one of our requests.
    /// Holds the namespace meanwhile; does nothing once it is gone.
    func receive(_ message: ClusterMessage) {
        guard message.uid != uid, let namespace else { return }
        let fromNode = message.uid != ClusterMessage.emitterUID
        if fromNode { state.withLock { $0.heard(from: message.uid, at: .now()) } }
        switch message.body {
        case .initialHeartbeat:
            publish(.heartbeat)
            return
        case .heartbeat:
            return
        case .adapterClose:
            if fromNode { run(state.withLock { $0.nodeLeft(message.uid) }) }
            return
        default:
            break
        }
        guard message.namespace == namespace.name else { return }
        switch message.body {
        case .broadcast(let body):
            if let requestID = body.requestID {
                broadcastWithAck(body, requestID: requestID, ackID: namespace.nextAckID())
            } else {
                local.broadcast(body.packet, options: body.options.broadcastOptions)
            }
        case .socketsJoin(let body):
            local.addSockets(body.options.broadcastOptions, rooms: Set(body.rooms))
        case .socketsLeave(let body):
            local.delSockets(body.options.broadcastOptions, rooms: Set(body.rooms))
        case .disconnectSockets(let body):
            local.disconnectSockets(body.options.broadcastOptions, close: body.close)
        case .fetchSockets(let body):
            let sockets = local.matchingSockets(body.options.broadcastOptions).map { SocketDescription($0) }
            send(.fetchSocketsResponse(FetchSocketsResponseBody(requestID: body.requestID, sockets: sockets)))
        case .fetchSocketsResponse(let body):
            state.withLock { $0.fetches.received(body.sockets, for: body.requestID, from: message.uid) }?()
        case .serverSideEmit(let body):
            serverSideEmit(body, to: namespace)
        case .serverSideEmitResponse(let body):
            let answer = body.packet ?? .null
            state.withLock { $0.serverSideEmits.received([answer], for: body.requestID, from: message.uid) }?()
        case .broadcastClientCount(let body):
            state.withLock { $0.ackedBroadcast(body.requestID) }?.clientCount(body.clientCount)
        case .broadcastAck(let body):
            state.withLock { $0.ackedBroadcast(body.requestID) }?.ack(body.packet ?? .null)
        case .initialHeartbeat, .heartbeat, .adapterClose:
            break
        }
    }

    /// Another node's acknowledged broadcast: sent locally under an ack id of this namespace
    /// (never the sender's), answered with one BROADCAST_CLIENT_COUNT (0 included) and one
    /// BROADCAST_ACK per client acknowledgement.
    private func broadcastWithAck(_ body: BroadcastBody, requestID: String, ackID: UInt64) {
        var packet = body.packet
        packet.ackID = ackID
        local.broadcastWithAck(
            packet, options: body.options.broadcastOptions,
            clientCount: { [weak self] count in
                self?.send(.broadcastClientCount(ClientCountBody(requestID: requestID, clientCount: count)))
            },
            ack: { [weak self] answer in
                self?.send(.broadcastAck(ReplyBody(requestID: requestID, packet: answer)))
            }
        )
    }

    /// Another node's `serverSideEmit`: to the namespace's server-side listeners, with an
    /// acknowledgement that answers SERVER_SIDE_EMIT_RESPONSE once when the sender waits for one.
    private func serverSideEmit(_ body: ServerSideEmitBody, to namespace: Namespace) {
        guard let name = body.packet.first?.stringValue else { return }
        let ack = body.requestID.map { requestID in
            SocketAck { [weak self] arguments in
                self?.send(.serverSideEmitResponse(ReplyBody(requestID: requestID, packet: arguments.first)))
            }
        }
        namespace.receivedServerSideEmit(SocketEvent(name: name, arguments: Array(body.packet.dropFirst()), ack: ack))
    }
}
