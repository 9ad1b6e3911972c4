import EngineIO
import NIOCore
import SocketIOProtocol

/// The client side of one Engine.IO session: handshake on the first transport, heartbeat
/// watchdog, the polling → WebSocket upgrade, and the session's send path.
///
/// Loop-confined to `eventLoop`; callbacks run there.
final class EngineClient: @unchecked Sendable {
    struct Configuration: Sendable {
        var endpoint: EngineClientEndpoint
        var transports: [EngineTransportKind]
        var upgrade: Bool
        var connectTimeout: TimeAmount
        var maxFrameSize: Int
    }

    let eventLoop: any EventLoop
    private let configuration: Configuration

    /// The session opened (the handshake's sid).
    var onOpen: ((String) -> Void)?
    /// A message arrived.
    var onMessage: ((EnginePacket) -> Void)?
    /// The session ended (not called after `close()`), with the reason.
    var onClose: ((String) -> Void)?
    /// The session moved to another transport.
    var onUpgrade: ((EngineTransportKind) -> Void)?

    private(set) var sid: String?
    private var transport: (any EngineClientTransport)?
    private var probe: WebSocketClientTransport?
    private var heldDuringUpgrade: [EngineFrame]?
    private var isOpen = false
    private var isClosed = false
    private var heartbeatWindow: TimeAmount = .seconds(45)
    private var watchdog: Scheduled<Void>?

    init(configuration: Configuration, eventLoop: any EventLoop) {
        self.configuration = configuration
        self.eventLoop = eventLoop
    }

    /// The transport in use.
    var transportKind: EngineTransportKind? { transport?.kind }

    /// Starts the handshake on the first configured transport.
    func open() {
        eventLoop.preconditionInEventLoop()
        arm(timeout: configuration.connectTimeout, reason: "timeout")
        if configuration.transports.first == .websocket {
            WebSocketClientTransport.connect(to: configuration.endpoint, sid: nil, on: eventLoop,
                                             maxFrameSize: configuration.maxFrameSize)
                .whenComplete { [self] result in
                    switch result {
                    case .success(let transport): use(transport)
                    case .failure(let error): closed("\(error)")
                    }
                }
        } else {
            let polling = PollingClientTransport(endpoint: configuration.endpoint, eventLoop: eventLoop)
            polling.handshake().whenComplete { [self] result in
                switch result {
                case .success(let packets):
                    use(polling)
                    received(packets)
                case .failure(let error):
                    closed("\(error)")
                }
            }
        }
    }

    private func use(_ transport: any EngineClientTransport) {
        guard !isClosed else {
            transport.close()
            return
        }
        transport.onPackets = { [self] packets in received(packets) }
        transport.onClose = { [self] reason in closed(reason) }
        self.transport = transport
    }

    /// Sends encoded packets; held while an upgrade switches transports.
    func send(_ frames: [EngineFrame]) {
        eventLoop.preconditionInEventLoop()
        guard !isClosed else { return }
        if heldDuringUpgrade != nil {
            heldDuringUpgrade!.append(contentsOf: frames)
        } else {
            transport?.send(frames)
        }
    }

    /// Closes the session from the client side (`1` on polling, a close frame on WebSocket),
    /// after what was sent before.
    func close() {
        eventLoop.preconditionInEventLoop()
        tearDown()
    }

    private func closed(_ reason: String) {
        if tearDown() { onClose?(reason) }
    }

    /// Stops timers and transports once; `false` when already done. An upgrade in progress is
    /// abandoned first, so that polling delivers what was held for the WebSocket.
    @discardableResult
    private func tearDown() -> Bool {
        guard !isClosed else { return false }
        isClosed = true
        watchdog?.cancel()
        abandonProbe()
        transport?.close()
        transport = nil
        return true
    }

    private func arm(timeout: TimeAmount, reason: String) {
        watchdog?.cancel()
        watchdog = eventLoop.scheduleTask(in: timeout) { [self] in closed(reason) }
    }

    // MARK: incoming

    private func received(_ packets: [EnginePacket]) {
        for packet in packets {
            guard !isClosed else { return }
            switch packet.type {
            case .open where !isOpen:
                opened(packet.text ?? "")
            case .ping:
                arm(timeout: heartbeatWindow, reason: "ping timeout")
                send([EnginePacket(.pong, packet.payload).frame])
            case .message:
                onMessage?(packet)
            case .close:
                closed("transport close")
            default:
                break
            }
        }
    }

    private func opened(_ json: String) {
        guard case .object(let handshake)? = try? SocketIOValue(parsingJSON: json),
              case .string(let sid)? = handshake["sid"],
              case .number(let pingInterval)? = handshake["pingInterval"],
              case .number(let pingTimeout)? = handshake["pingTimeout"] else {
            closed("invalid handshake: \(json)")
            return
        }
        self.sid = sid
        isOpen = true
        heartbeatWindow = .milliseconds(Int64(pingInterval + pingTimeout))
        arm(timeout: heartbeatWindow, reason: "ping timeout")
        var maxPayload = Int.max
        if case .number(let limit)? = handshake["maxPayload"], limit >= 1, limit < Double(Int.max) { maxPayload = Int(limit) }
        (transport as? PollingClientTransport)?.start(sid: sid, maxPayload: maxPayload)
        onOpen?(sid)
        var upgrades: [String] = []
        if case .array(let values)? = handshake["upgrades"] {
            upgrades = values.compactMap { if case .string(let name) = $0 { name } else { nil } }
        }
        if transport?.kind == .polling, configuration.upgrade, configuration.transports.contains(.websocket),
           upgrades.contains("websocket") {
            startProbe(sid: sid)
        }
    }

    // MARK: upgrading

    private func startProbe(sid: String) {
        WebSocketClientTransport.connect(to: configuration.endpoint, sid: sid, on: eventLoop, maxFrameSize: configuration.maxFrameSize)
            .whenComplete { [self] result in
                guard case .success(let probe) = result, !isClosed else {
                    if case .success(let probe) = result { probe.close() }
                    return
                }
                self.probe = probe
                probe.onClose = { [self] _ in abandonProbe() }
                probe.onPackets = { [self] packets in
                    guard packets.first == EnginePacket(.pong, .text("probe")) else {
                        abandonProbe()
                        return
                    }
                    switchToProbe()
                }
                probe.send([EnginePacket(.ping, .text("probe")).frame])
            }
    }

    private func abandonProbe() {
        probe?.close()
        probe = nil
        (transport as? PollingClientTransport)?.resume()
        if let held = heldDuringUpgrade {
            heldDuringUpgrade = nil
            transport?.send(held)
        }
    }

    /// `3probe` arrived: pause polling, then send `5` and move to the WebSocket.
    private func switchToProbe() {
        guard let polling = transport as? PollingClientTransport, let probe else { return }
        heldDuringUpgrade = []
        probe.onPackets = nil
        polling.pause { [self] in
            guard !isClosed, self.probe === probe else { return }
            let queued = polling.takePending() + (heldDuringUpgrade ?? [])
            heldDuringUpgrade = nil
            self.probe = nil
            polling.close()
            use(probe)
            probe.send([EnginePacket(.upgrade).frame] + queued)
            onUpgrade?(.websocket)
        }
    }
}
