import EngineIO
import NIOCore
import SocketIO
import SocketIOProtocol

/// Feeds the admin namespace from the engine: connections, upgrades, heartbeats.
final class AdminEngineObserver: EngineObserver {
    private weak let instrument: AdminInstrument?

    init(instrument: AdminInstrument) {
        self.instrument = instrument
    }

    func sessionOpened(_ session: EngineSession) {
        guard let instrument else { return }
        instrument.statistics.count("rawConnection")
        if session.transport == .polling { instrument.statistics.pollingStarted(session) }
    }

    func sessionClosed(_ session: EngineSession, reason: EngineCloseReason) {
        guard let instrument else { return }
        instrument.statistics.count("rawDisconnection", subType: reason.rawValue)
        instrument.statistics.pollingEnded(session)
        instrument.statistics.forgetClient(AdminSerializer.clientId(of: session))
    }

    func upgradeFinished(_ session: EngineSession, outcome: EngineUpgradeOutcome, duration: TimeAmount) {
        guard let instrument else { return }
        if outcome == .success { instrument.statistics.pollingEnded(session) }
        guard instrument.isWatched, !instrument.isHiddenClient(session) else { return }
        instrument.stream("x_upgrade", .object([
            "serverId": .string(instrument.options.serverId),
            "clientId": .string(AdminSerializer.clientId(of: session)),
            "from": "polling", "to": "websocket",
            "outcome": .string(outcome.rawValue),
            "durationMs": .number((Double(duration.nanoseconds) / 100_000).rounded() / 10),
            "timestamp": .string(AdminClock.isoString()),
        ]))
        guard outcome == .success else { return }
        for socket in instrument.sockets(of: session) where !instrument.isHidden(socket.namespace) {
            instrument.stream("socket_updated", .object([
                "id": .string(socket.id), "nsp": .string(socket.namespace.name), "transport": "websocket",
            ]))
        }
    }

    func heartbeat(_ session: EngineSession, roundTrip: TimeAmount) {
        guard let instrument, !instrument.isHiddenClient(session) else { return }
        instrument.statistics.recordLatency(AdminStatistics.LatencySample(
            clientId: AdminSerializer.clientId(of: session), roundTrip: roundTrip,
            transport: session.transport, timestamp: AdminClock.nowMilliseconds()))
    }
}

/// Feeds the admin namespace from the Socket.IO layer: namespaces, sockets, data, events.
final class AdminServerObserver: SocketIOObserver {
    private weak let instrument: AdminInstrument?

    init(instrument: AdminInstrument) {
        self.instrument = instrument
    }

    func namespaceCreated(_ namespace: Namespace) {
        instrument?.watchRooms(of: namespace)
    }

    func socketConnected(_ socket: Socket) {
        guard let instrument else { return }
        instrument.track(socket)
        guard !instrument.isHidden(socket.namespace) else { return }
        instrument.stream("socket_connected", AdminSerializer.serialize(socket, transport: socket.engine.transport),
                          .string(AdminClock.isoString()))
    }

    func socketDisconnected(_ socket: Socket, reason: DisconnectReason) {
        guard let instrument else { return }
        instrument.untrack(socket)
        guard !instrument.isHidden(socket.namespace) else { return }
        instrument.stream("socket_disconnected", .string(socket.namespace.name), .string(socket.id),
                          .string(reason.rawValue), .string(AdminClock.isoString()))
    }

    func socketDataChanged(_ socket: Socket) {
        guard let instrument, instrument.isWatched, !instrument.isHidden(socket.namespace) else { return }
        instrument.stream("socket_updated", .object(["id": .string(socket.id), "nsp": .string(socket.namespace.name), "data": socket.data]))
    }

    func eventReceived(_ socket: Socket, event: SocketEvent) {
        guard let instrument, instrument.isWatched, socket.namespace !== instrument.namespace else { return }
        instrument.stream("event_received", .string(socket.namespace.name), .string(socket.id),
                          .array([.string(event.name)] + event.arguments), .string(AdminClock.isoString()))
    }

    /// One `event_sent` per recipient; the shared part (namespace, arguments, time) is encoded
    /// once per emit and only the socket id changes (unless the arguments hold binary).
    func eventSent(_ packet: SocketIOPacket, to recipients: [Socket]) {
        guard let instrument, instrument.isWatched, instrument.isDevelopment,
              let first = recipients.first, first.namespace !== instrument.namespace,
              case .array(let arguments)? = packet.data else { return }
        let now = SocketIOValue.string(AdminClock.isoString())
        let namespace = SocketIOValue.string(first.namespace.name)
        guard !packet.data!.containsBinary else {
            for socket in recipients {
                instrument.stream("event_sent", namespace, .string(socket.id), .array(arguments), now)
            }
            return
        }
        let header = "42" + (instrument.namespace.name == "/" ? "" : instrument.namespace.name + ",")
            + "[\"event_sent\"," + namespace.jsonString + ","
        let trailer = "," + SocketIOValue.array(arguments).jsonString + "," + now.jsonString + "]"
        let frames = recipients.map { socket in
            EngineFrame(encodedText: ByteBuffer(string: header + SocketIOValue.string(socket.id).jsonString + trailer))
        }
        instrument.stream(frames, packets: frames.count)
    }
}
