import NIOCore

/// The pure state of one Engine.IO session: phase, active transport, the long-poll in hand and
/// the send buffer. Every event returns the action its owner (`EngineSession`) must perform, so
/// each transition is tested without a socket or a timer.
struct EngineSessionStateMachine {
    /// Where the session is in its life.
    enum Phase: Hashable {
        /// Open on its current transport.
        case open
        /// A WebSocket is being probed to replace polling; `probed` once `2probe` was answered.
        case upgrading(probed: Bool)
        /// The server closes the session and waits for a last poll to say so.
        case closing
        /// Finished; nothing more happens.
        case closed
    }

    /// What to do with a new polling GET.
    enum PollAction: Hashable {
        /// Keep the request until something is sent.
        case hold
        /// Answer it now with these frames.
        case respond([EngineFrame])
        /// Answer it with these frames, then finish the close that was waiting for it.
        case respondAndFinishClose([EngineFrame])
        /// A GET is already held: answer the newcomer `400`, then close with `transport error`.
        case rejectDuplicate
        /// The session uses WebSocket now: answer `400` code 3.
        case rejectTransportMismatch
        /// The session has just closed: answer `400` code 1.
        case rejectUnknownSession
    }

    /// What to do with frames the upper layer sends.
    enum SendAction: Hashable {
        /// Write them to the WebSocket as they are (nothing was buffered).
        case writeToWebSocket
        /// Answer the held poll with these frames.
        case respondToPoll([EngineFrame])
        /// Kept in the buffer for the next poll or for after the upgrade.
        case buffered
        /// The session is closing or closed, or the packets were volatile and the transport could
        /// not take them now: dropped.
        case dropped
        /// The polling buffer went past its byte limit: close with `send buffer full`.
        case overflow
    }

    /// How a packet from the active transport is handled.
    enum ReceiveAction: Hashable {
        /// Hand the message to the upper layer.
        case deliver
        /// A heartbeat reply.
        case pong
        /// Close the session with this reason.
        case close(EngineCloseReason)
        /// Nothing to do.
        case ignore
    }

    /// How to carry out a close.
    enum CloseAction: Hashable {
        /// Already closing or closed.
        case none
        /// Finish now: answer the held poll (if any) with `finalPollFrames`, flush `webSocketFrames`
        /// to the WebSocket, close it, and report the close.
        case finish(finalPollFrames: [EngineFrame]?, webSocketFrames: [EngineFrame])
        /// Polling with no GET in hand: wait (bounded) for the next poll to deliver the close.
        case awaitFinalPoll
    }

    /// What to do with a packet arriving on a WebSocket that is being probed.
    enum UpgradeAction: Hashable {
        /// Answer `3probe` and start releasing the held poll with noops.
        case replyToProbe
        /// The WebSocket becomes the transport: release the held poll with a noop if
        /// `releasePoll`, then write `flush` to the WebSocket.
        case completeUpgrade(releasePoll: Bool, flush: [EngineFrame])
        /// Protocol violation: close that WebSocket; polling goes on.
        case cancelUpgrade
    }

    private(set) var phase: Phase = .open
    private(set) var transport: EngineTransportKind
    private(set) var isHoldingPoll = false
    private(set) var isReceivingPost = false
    /// Frames waiting for a transport; most sessions hold none or one at a time, so it starts
    /// small (the default capacity, 16 frames, is half a kilobyte per idle session).
    private(set) var buffer = CircularBuffer<EngineFrame>(initialCapacity: 2)
    private(set) var bufferedBytes = 0
    private var closeReason: EngineCloseReason?
    let maxPacketsPerPoll: Int
    let maxBufferedBytes: Int

    init(transport: EngineTransportKind, maxPacketsPerPoll: Int, maxBufferedBytes: Int = .max) {
        self.transport = transport
        self.maxPacketsPerPoll = max(1, maxPacketsPerPoll)
        self.maxBufferedBytes = maxBufferedBytes
    }

    private var isPollingActive: Bool {
        transport == .polling && (phase == .open || phase == .upgrading(probed: false) || phase == .upgrading(probed: true))
    }

    private mutating func takeFromBuffer(limit: Int) -> [EngineFrame] {
        let count = min(limit, buffer.count)
        var frames: [EngineFrame] = []
        frames.reserveCapacity(count)
        for _ in 0..<count {
            let frame = buffer.removeFirst()
            bufferedBytes -= frame.bytes.readableBytes
            frames.append(frame)
        }
        return frames
    }

    // MARK: polling

    /// A polling GET arrived.
    mutating func pollArrived() -> PollAction {
        switch phase {
        case .closed:
            return .rejectUnknownSession
        case .closing:
            if buffer.count < maxPacketsPerPoll {
                var frames = takeFromBuffer(limit: buffer.count)
                if frames.isEmpty { frames.append(.noop) }
                frames.append(.close)
                phase = .closed
                return .respondAndFinishClose(frames)
            }
            return .respond(takeFromBuffer(limit: maxPacketsPerPoll))
        case .open, .upgrading:
            if transport == .websocket { return .rejectTransportMismatch }
            if isHoldingPoll { return .rejectDuplicate }
            if buffer.isEmpty {
                isHoldingPoll = true
                return .hold
            }
            return .respond(takeFromBuffer(limit: maxPacketsPerPoll))
        }
    }

    /// The held GET's connection went away. Returns whether the session must close.
    mutating func heldPollAborted() -> Bool {
        guard isHoldingPoll else { return false }
        isHoldingPoll = false
        return phase != .closed
    }

    /// A POST arrived; `false` when one is already in progress (the newcomer is refused and
    /// the session closes with `transport error`).
    mutating func postArrived() -> Bool {
        guard !isReceivingPost else { return false }
        isReceivingPost = true
        return true
    }

    /// The POST in progress was answered.
    mutating func postFinished() {
        isReceivingPost = false
    }

    // MARK: sending

    /// The upper layer sends `frames`; `volatile` ones are dropped unless a poll is held (the
    /// host checks WebSocket writability itself).
    mutating func send<Frames: Collection<EngineFrame>>(_ frames: Frames, volatile: Bool = false) -> SendAction {
        switch phase {
        case .closing, .closed:
            return .dropped
        case .open where transport == .websocket:
            return .writeToWebSocket
        case .open, .upgrading:
            if volatile && !isHoldingPoll { return .dropped }
            for frame in frames {
                buffer.append(frame)
                bufferedBytes += frame.bytes.readableBytes
            }
            guard isHoldingPoll else { return bufferedBytes > maxBufferedBytes ? .overflow : .buffered }
            isHoldingPoll = false
            return .respondToPoll(takeFromBuffer(limit: maxPacketsPerPoll))
        }
    }

    // MARK: receiving

    /// Classifies a packet that arrived on the active transport.
    func receive(_ type: EnginePacketType) -> ReceiveAction {
        guard phase != .closing, phase != .closed else { return .ignore }
        switch type {
        case .message: return .deliver
        case .pong: return .pong
        case .ping: return .close(.transportError)
        case .close: return .close(.transportClose)
        case .open, .upgrade, .noop: return .ignore
        }
    }

    // MARK: closing

    /// Closes the session for `reason`. A server-initiated close (`forcedClose`) delivers what is
    /// buffered first; every other reason ends at once.
    mutating func close(_ reason: EngineCloseReason) -> CloseAction {
        guard phase != .closing, phase != .closed else { return .none }
        closeReason = reason
        let isForced = reason == .forcedClose
        if transport == .polling && isForced && !isHoldingPoll {
            phase = .closing
            return .awaitFinalPoll
        }
        phase = .closed
        var finalPollFrames: [EngineFrame]? = nil
        if isHoldingPoll {
            isHoldingPoll = false
            if isForced {
                finalPollFrames = takeFromBuffer(limit: maxPacketsPerPoll - 1) + [.close]
            } else {
                finalPollFrames = [reason == .transportClose ? .noop : .close]
            }
        }
        let webSocketFrames = transport == .websocket && isForced ? takeFromBuffer(limit: buffer.count) : []
        buffer.removeAll()
        bufferedBytes = 0
        return .finish(finalPollFrames: finalPollFrames, webSocketFrames: webSocketFrames)
    }

    /// The bounded wait for a final poll ran out: the close completes without it.
    mutating func finalPollWaitExpired() -> Bool {
        guard phase == .closing else { return false }
        phase = .closed
        buffer.removeAll()
        bufferedBytes = 0
        return true
    }

    /// The reason the session closed, once it is closing or closed.
    var reason: EngineCloseReason? { closeReason }

    // MARK: upgrading

    /// A WebSocket with this session's id arrived. `true` when it may be probed.
    mutating func upgradeRequested(allowUpgrades: Bool) -> Bool {
        guard allowUpgrades, phase == .open, transport == .polling else { return false }
        phase = .upgrading(probed: false)
        return true
    }

    /// A packet arrived on the WebSocket being probed.
    mutating func receiveOnUpgradingSocket(_ packet: EnginePacket) -> UpgradeAction {
        guard case .upgrading(let probed) = phase else { return .cancelUpgrade }
        switch packet.type {
        case .ping where packet.text == "probe" && !probed:
            phase = .upgrading(probed: true)
            return .replyToProbe
        case .upgrade where probed:
            phase = .open
            transport = .websocket
            let releasePoll = isHoldingPoll
            isHoldingPoll = false
            return .completeUpgrade(releasePoll: releasePoll, flush: takeFromBuffer(limit: buffer.count))
        default:
            phase = .open
            return .cancelUpgrade
        }
    }

    /// The probed WebSocket closed or timed out before `5`: polling goes on.
    mutating func upgradeAbandoned() {
        if case .upgrading = phase { phase = .open }
    }

    /// The upgrade's noop checker ticked: `true` when the held poll must be released with `6`.
    mutating func noopCheck() -> Bool {
        guard phase == .upgrading(probed: true), isHoldingPoll else { return false }
        isHoldingPoll = false
        return true
    }
}
