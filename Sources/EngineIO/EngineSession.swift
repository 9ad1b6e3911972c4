import Logging
import NIOCore
import Synchronization

/// One Engine.IO session: a client identified by its `sid`, on polling or WebSocket.
///
/// A session lives on the event loop of its handshake request; all its state is touched there
/// only. `send` and `close` may be called from any thread and hop to that loop when needed. The
/// handlers (`onMessage`, `onClose`, `onUpgrade`) run on the loop and must be set inside the
/// server's connection handler, before any packet is delivered.
public final class EngineSession: @unchecked Sendable {
    /// The session id (`sid`).
    public let id: String
    /// The handshake request, kept for the upper layers.
    public let handshake: EngineRequest
    /// The loop every state change of this session runs on.
    public let eventLoop: any EventLoop

    /// Called with each message the client sends.
    public var onMessage: ((EnginePacket) -> Void)?
    /// Called once when the session closes, with the reason.
    public var onClose: ((EngineCloseReason) -> Void)?
    /// Called when the session moves to another transport (after a completed upgrade).
    public var onUpgrade: ((EngineTransportKind) -> Void)?
    /// The round trip of the last heartbeat (ping handed to the transport → pong), if any yet.
    /// Read on the session's event loop.
    public private(set) var lastRoundTrip: TimeAmount?

    private let settings: Settings
    private let observers: ObserverList<any EngineObserver>
    private let traffic: TrafficCounters
    private let logger: Logger
    private let removeFromServer: @Sendable (String) -> Void
    private var machine: EngineSessionStateMachine
    private let isOnWebSocket: Atomic<Bool>
    private var heldPoll: (any EnginePollingResponder)?
    private var postInProgress: (any EnginePollingResponder)?
    private var webSocket: (any EngineWebSocket)?
    private var upgradingSocket: (any EngineWebSocket)?
    private var pingTimer: Scheduled<Void>?
    private var pongDeadline: Scheduled<Void>?
    private var pingSentAt: NIODeadline?
    private var upgradeTimer: Scheduled<Void>?
    private var upgradeStartedAt: NIODeadline?
    private var noopChecker: RepeatedTask?
    private var finalPollTimer: Scheduled<Void>?

    init(id: String, handshake: EngineRequest, transport: EngineTransportKind, eventLoop: any EventLoop,
         options: EngineServerOptions, observers: ObserverList<any EngineObserver>, traffic: TrafficCounters, logger: Logger,
         removeFromServer: @escaping @Sendable (String) -> Void) {
        self.id = id
        self.handshake = handshake
        self.eventLoop = eventLoop
        self.settings = Settings(options)
        self.observers = observers
        self.traffic = traffic
        self.logger = logger
        self.removeFromServer = removeFromServer
        self.isOnWebSocket = Atomic(transport == .websocket)
        self.machine = EngineSessionStateMachine(transport: transport, maxPacketsPerPoll: options.maxPacketsPerPollingResponse,
                                                 maxBufferedBytes: options.maxBufferedBytesPerSession)
    }

    /// The transport in use. Safe from any thread.
    public var transport: EngineTransportKind {
        isOnWebSocket.load(ordering: .relaxed) ? .websocket : .polling
    }

    /// Whether the session has closed (or is closing). Read on the session's event loop.
    public var isClosed: Bool {
        eventLoop.preconditionInEventLoop()
        return machine.phase == .closed || machine.phase == .closing
    }

    // MARK: sending

    /// Sends one encoded packet. Returns at once; the frame is written, answered to the held poll
    /// or buffered for the next one. Dropped when the session is closing.
    public func send(_ frame: EngineFrame, volatile: Bool = false) {
        send(CollectionOfOne(frame), volatile: volatile)
    }

    /// Sends encoded packets in order (see `send(_:)`). `volatile` packets are dropped when the
    /// transport cannot take them right now (no poll held, or a WebSocket with a backlog). A client
    /// whose backlog passes `maxBufferedBytesPerSession` is closed with `send buffer full`.
    public func send<Frames: Collection<EngineFrame> & Sendable>(_ frames: Frames, volatile: Bool = false) {
        guard eventLoop.inEventLoop else {
            eventLoop.execute { self.send(frames, volatile: volatile) }
            return
        }
        let action = machine.send(frames, volatile: volatile)
        if action != .dropped { countSent(frames) }
        switch action {
        case .writeToWebSocket:
            guard let webSocket, !volatile || webSocket.isWritable else { return }
            for frame in frames {
                guard webSocket.write(frame, backlogLimit: settings.maxBufferedBytes) else {
                    logger.notice("client does not read; closing", metadata: ["sid": "\(id)", "limit": "\(settings.maxBufferedBytes)"])
                    close(reason: .sendBufferFull)
                    return
                }
            }
        case .respondToPoll(let polled):
            answerHeldPoll(with: polled)
        case .overflow:
            logger.notice("client does not poll; closing", metadata: ["sid": "\(id)", "limit": "\(settings.maxBufferedBytes)"])
            close(reason: .sendBufferFull)
        case .buffered, .dropped:
            break
        }
    }

    private func countSent<Frames: Collection<EngineFrame>>(_ frames: Frames) {
        for frame in frames where frame.packetType == .message && frame.bytes.readableBytes > (frame.kind == .text ? 1 : 0) {
            traffic.sent(bytesEach: frame.bytes.readableBytes - (frame.kind == .text ? 1 : 0))
        }
    }

    /// Closes the session from the server side (reason `forced close`): what is buffered is
    /// delivered first.
    public func close() {
        close(reason: .forcedClose)
    }

    /// Closes the session with `reason`; safe from any thread, idempotent.
    func close(reason: EngineCloseReason) {
        guard eventLoop.inEventLoop else {
            eventLoop.execute { self.close(reason: reason) }
            return
        }
        switch machine.close(reason) {
        case .none:
            break
        case .awaitFinalPoll:
            logger.debug("session closing, waiting for a last poll", metadata: ["sid": "\(id)"])
            // A client probing WebSocket has paused polling: end the probe so it polls again and
            // gets its last packets and the close at once.
            if upgradingSocket != nil { abandonUpgrade(.closed) }
            finalPollTimer = eventLoop.scheduleTask(in: .seconds(30)) { [self] in
                if machine.finalPollWaitExpired() { finish() }
            }
        case .finish(let finalPollFrames, let webSocketFrames):
            if let finalPollFrames { answerHeldPoll(with: finalPollFrames) }
            for frame in webSocketFrames { _ = webSocket?.write(frame, backlogLimit: .max) }
            finish()
        }
    }

    private func finish() {
        let reason = machine.reason ?? .forcedClose
        for timer in [pingTimer, pongDeadline, upgradeTimer, finalPollTimer] { timer?.cancel() }
        noopChecker?.cancel()
        heldPoll = nil
        postInProgress = nil
        webSocket?.close()
        upgradingSocket?.close()
        webSocket = nil
        upgradingSocket = nil
        removeFromServer(id)
        logger.info("session closed", metadata: ["sid": "\(id)", "reason": "\(reason)"])
        if let upgradeStartedAt {
            self.upgradeStartedAt = nil
            observers.notify { $0.upgradeFinished(self, outcome: .closed, duration: eventLoop.now - upgradeStartedAt) }
        }
        observers.notify { $0.sessionClosed(self, reason: reason) }
        let onClose = self.onClose
        self.onClose = nil
        self.onMessage = nil
        onClose?(reason)
    }

    private func answerHeldPoll(with frames: [EngineFrame]) {
        guard let poll = heldPoll else { return }
        heldPoll = nil
        poll.respond(.payload(EnginePayload.encode(frames)))
    }

    // MARK: heartbeat

    func startHeartbeat() {
        schedulePing(at: eventLoop.now + settings.pingInterval)
    }

    private func schedulePing(at deadline: NIODeadline) {
        pingTimer?.cancel()
        pingTimer = eventLoop.scheduleTask(deadline: deadline) { [self] in
            pingSentAt = deadline
            send(EngineFrame.ping)
            pongDeadline = eventLoop.scheduleTask(deadline: deadline + settings.pingTimeout) { [self] in
                close(reason: .pingTimeout)
            }
        }
    }

    private func receivedPong() {
        pongDeadline?.cancel()
        pongDeadline = nil
        let now = eventLoop.now
        if let pingSentAt {
            let roundTrip = now - pingSentAt
            lastRoundTrip = roundTrip
            observers.notify { $0.heartbeat(self, roundTrip: roundTrip) }
            self.pingSentAt = nil
        }
        schedulePing(at: now + settings.pingInterval)
    }

    // MARK: incoming packets

    private func receive(_ packet: EnginePacket) {
        switch machine.receive(packet.type) {
        case .deliver:
            switch packet.payload {
            case .text(let text)?: traffic.received(bytes: text.utf8.count)
            case .binary(let bytes)?: traffic.received(bytes: bytes.readableBytes)
            case nil: break
            }
            onMessage?(packet)
        case .pong: receivedPong()
        case .close(let reason): close(reason: reason)
        case .ignore: break
        }
    }

    private func receive(decoding result: EnginePayload.DecodingResult) {
        for packet in result.packets {
            receive(packet)
            if isClosed { return }
        }
        if let failure = result.failure {
            logger.debug("undecodable packet", metadata: ["sid": "\(id)", "error": "\(failure)"])
            close(reason: .parseError)
        }
    }

    // MARK: polling transport (called by the host, on the session's loop)

    /// A long-polling GET for this session; `responder` answers it now or later.
    public func handlePoll(_ responder: any EnginePollingResponder) {
        eventLoop.preconditionInEventLoop()
        switch machine.pollArrived() {
        case .hold:
            heldPoll = responder
        case .respond(let frames):
            responder.respond(.payload(EnginePayload.encode(frames)))
        case .respondAndFinishClose(let frames):
            responder.respond(.payload(EnginePayload.encode(frames)))
            finish()
        case .rejectDuplicate:
            responder.respond(.failure(status: 400))
            close(reason: .transportError)
        case .rejectTransportMismatch:
            responder.respond(EngineRequestError.badRequest.pollingResponse)
        case .rejectUnknownSession:
            responder.respond(EngineRequestError.unknownSession.pollingResponse)
        }
    }

    /// The connection holding a poll went away before it was answered.
    public func pollAborted(_ responder: any EnginePollingResponder) {
        eventLoop.preconditionInEventLoop()
        guard heldPoll === responder else { return }
        heldPoll = nil
        if machine.heldPollAborted() { close(reason: .transportError) }
    }

    /// A polling POST for this session started (its head arrived; the body may still be on its
    /// way). Returns `false` when it was refused and answered: a POST was already in progress
    /// (the session then closes with `transport error`), or the session is on WebSocket now.
    public func beginPost(_ responder: any EnginePollingResponder) -> Bool {
        eventLoop.preconditionInEventLoop()
        if machine.phase == .closed {
            responder.respond(EngineRequestError.unknownSession.pollingResponse)
            return false
        }
        if machine.transport == .websocket {
            responder.respond(EngineRequestError.badRequest.pollingResponse)
            return false
        }
        guard machine.postArrived() else {
            responder.respond(.failure(status: 400))
            close(reason: .transportError)
            return false
        }
        postInProgress = responder
        return true
    }

    /// The whole body of the POST begun with `beginPost`. Every packet is handled before `ok`.
    public func finishPost(body: ByteBuffer, contentType: String?, responder: any EnginePollingResponder) {
        eventLoop.preconditionInEventLoop()
        guard postInProgress === responder else { return }
        postInProgress = nil
        defer { machine.postFinished() }
        if contentType?.lowercased().hasPrefix("application/octet-stream") == true {
            responder.respond(.failure(status: 400))
            close(reason: .transportError)
            return
        }
        if machine.phase == .closing || machine.phase == .closed {
            responder.respond(.ok)
            return
        }
        let result = EnginePayload.decode(body.readableBytesView)
        receive(decoding: result)
        responder.respond(result.failure == nil ? .ok : .failure(status: 400))
    }

    /// The POST begun with `beginPost` will not complete: its connection dropped, or the host
    /// refused its body (too large, answered `413`). A dropped POST closes the session with
    /// `transport error`; a refused one leaves it open, as the reference server does.
    public func abandonPost(_ responder: any EnginePollingResponder, connectionLost: Bool) {
        eventLoop.preconditionInEventLoop()
        guard postInProgress === responder else { return }
        postInProgress = nil
        machine.postFinished()
        if connectionLost { close(reason: .transportError) }
    }

    // MARK: WebSocket transport (called by the host, on the session's loop)

    func attachWebSocket(_ socket: any EngineWebSocket) {
        webSocket = socket
    }

    /// A WebSocket carrying this session's id arrived to upgrade it. Returns `false` when the
    /// session cannot upgrade now (the host then closes the socket).
    public func beginUpgrade(_ socket: any EngineWebSocket) -> Bool {
        eventLoop.preconditionInEventLoop()
        guard machine.upgradeRequested(allowUpgrades: settings.acceptsUpgrades) else {
            return false
        }
        upgradingSocket = socket
        upgradeStartedAt = eventLoop.now
        upgradeTimer = eventLoop.scheduleTask(in: settings.upgradeTimeout) { [self] in
            logger.debug("upgrade timed out", metadata: ["sid": "\(id)"])
            abandonUpgrade(.timeout)
        }
        return true
    }

    /// A text or binary WebSocket message from `socket`; `packet` is `nil` when it could not be
    /// decoded. Invalid UTF-8 is the host's to refuse (close code 1007) before calling this.
    public func handleWebSocketMessage(_ packet: Result<EnginePacket, EngineDecodingError>, from socket: any EngineWebSocket) {
        eventLoop.preconditionInEventLoop()
        if socket === webSocket {
            switch packet {
            case .success(let packet): receive(packet)
            case .failure: close(reason: .parseError)
            }
        } else if socket === upgradingSocket {
            guard case .success(let packet) = packet else {
                abandonUpgrade(.probeFailed)
                return
            }
            handleUpgradingSocketPacket(packet)
        }
    }

    private func handleUpgradingSocketPacket(_ packet: EnginePacket) {
        switch machine.receiveOnUpgradingSocket(packet) {
        case .replyToProbe:
            _ = upgradingSocket?.write(.pongProbe, backlogLimit: .max)
            noopChecker = eventLoop.scheduleRepeatedTask(initialDelay: .milliseconds(100), delay: .milliseconds(100)) { [self] _ in
                if machine.noopCheck() { answerHeldPoll(with: [.noop]) }
            }
        case .completeUpgrade(let releasePoll, let flush):
            upgradeTimer?.cancel()
            noopChecker?.cancel()
            if releasePoll { answerHeldPoll(with: [.noop]) }
            heldPoll = nil
            webSocket = upgradingSocket
            upgradingSocket = nil
            for frame in flush { _ = webSocket?.write(frame, backlogLimit: .max) }
            isOnWebSocket.store(true, ordering: .relaxed)
            logger.debug("upgraded to websocket", metadata: ["sid": "\(id)"])
            reportUpgrade(.success)
            onUpgrade?(.websocket)
        case .cancelUpgrade:
            abandonUpgrade(.probeFailed)
        }
    }

    private func reportUpgrade(_ outcome: EngineUpgradeOutcome) {
        guard let upgradeStartedAt else { return }
        self.upgradeStartedAt = nil
        let duration = eventLoop.now - upgradeStartedAt
        observers.notify { $0.upgradeFinished(self, outcome: outcome, duration: duration) }
    }

    private func abandonUpgrade(_ outcome: EngineUpgradeOutcome) {
        reportUpgrade(outcome)
        upgradeTimer?.cancel()
        noopChecker?.cancel()
        machine.upgradeAbandoned()
        upgradingSocket?.close()
        upgradingSocket = nil
    }

    /// `socket` closed (by the peer, a protocol error or a write failure).
    public func webSocketClosed(_ socket: any EngineWebSocket) {
        eventLoop.preconditionInEventLoop()
        if socket === webSocket {
            webSocket = nil
            close(reason: .transportClose)
        } else if socket === upgradingSocket {
            upgradingSocket = nil
            abandonUpgrade(.closed)
        }
    }

    /// The options a session reads once it is open. A copy of all of them would be a few hundred
    /// bytes in every session.
    private struct Settings {
        let pingInterval: TimeAmount
        let pingTimeout: TimeAmount
        let upgradeTimeout: TimeAmount
        let maxBufferedBytes: Int
        let acceptsUpgrades: Bool

        init(_ options: EngineServerOptions) {
            pingInterval = options.pingInterval
            pingTimeout = options.pingTimeout
            upgradeTimeout = options.upgradeTimeout
            maxBufferedBytes = options.maxBufferedBytesPerSession
            acceptsUpgrades = options.allowUpgrades && options.transports.contains(.websocket)
        }
    }
}
