import EngineIO
import NIOCore
import NIOHTTP1

/// The long-polling transport of the client: a GET loop receiving payloads and POSTs sending
/// them, each on its own keep-alive connection. A POST carries at most the server's
/// `maxPayload` bytes (more frames wait for the next one), as the official client batches.
final class PollingClientTransport: EngineClientTransport, @unchecked Sendable {  // loop-confined
    let kind = EngineTransportKind.polling
    var onPackets: (([EnginePacket]) -> Void)?
    var onClose: ((String) -> Void)?

    private let endpoint: EngineClientEndpoint
    private let eventLoop: any EventLoop
    private let poller: HTTPClientConnection
    private let poster: HTTPClientConnection
    private var sid: String?
    private var maxPayload = Int.max
    private var pending: [EngineFrame] = []
    private var isPosting = false
    private var isPolling = false
    private var isPaused = false
    private var pauseCompletion: (() -> Void)?
    private var isClosed = false
    /// Closed by the app: the last POST (`1`) is still to be delivered.
    private var isSendingClose = false

    init(endpoint: EngineClientEndpoint, eventLoop: any EventLoop) {
        self.endpoint = endpoint
        self.eventLoop = eventLoop
        poller = HTTPClientConnection(eventLoop: eventLoop, host: endpoint.url.host, port: endpoint.url.port,
                                      localAddress: endpoint.localAddress)
        poster = HTTPClientConnection(eventLoop: eventLoop, host: endpoint.url.host, port: endpoint.url.port,
                                      localAddress: endpoint.localAddress)
    }

    private var headers: HTTPHeaders {
        var headers = HTTPHeaders()
        headers.add(name: "Host", value: endpoint.url.hostHeader)
        headers.add(name: "Accept", value: "*/*")
        for (name, value) in endpoint.extraHeaders { headers.add(name: name, value: value) }
        return headers
    }

    /// The handshake GET: its payload (the open packet, maybe more). Polling starts with `start(sid:)`.
    func handshake() -> EventLoopFuture<[EnginePacket]> {
        poller.request(method: .GET, uri: endpoint.target(transport: .polling, sid: nil), headers: headers, body: nil)
            .flatMapThrowing { response in
                guard response.status == 200 else {
                    throw SocketIOClientError.connectionFailed("handshake refused: HTTP \(response.status) \(String(buffer: response.body))")
                }
                let decoded = EnginePayload.decode(response.body.readableBytesView)
                if let failure = decoded.failure { throw SocketIOClientError.invalidHandshake("\(failure)") }
                return decoded.packets
            }
    }

    /// Starts the GET loop for session `sid`, whose server takes POST bodies up to `maxPayload` bytes.
    func start(sid: String, maxPayload: Int) {
        self.sid = sid
        self.maxPayload = maxPayload
        poll()
        post()
    }

    private func poll() {
        guard !isClosed, !isPaused, let sid, !isPolling else { return }
        isPolling = true
        poller.request(method: .GET, uri: endpoint.target(transport: .polling, sid: sid), headers: headers, body: nil)
            .whenComplete { [self] result in
                isPolling = false
                guard !isClosed else { return }
                switch result {
                case .failure(let error):
                    closed("transport error: \(error)")
                case .success(let response) where response.status != 200:
                    closed("transport error: HTTP \(response.status)")
                case .success(let response):
                    let decoded = EnginePayload.decode(response.body.readableBytesView)
                    onPackets?(decoded.packets)
                    if decoded.failure != nil { closed("parse error") }
                    finishPauseIfIdle()
                    poll()
                }
            }
    }

    func send(_ frames: [EngineFrame]) {
        guard !isClosed else { return }
        pending.append(contentsOf: frames)
        post()
    }

    private func post() {
        guard !isPosting, !pending.isEmpty, let sid, !isClosed || isSendingClose else { return }
        isPosting = true
        let body = takeBatch()
        var headers = self.headers
        headers.add(name: "Content-Type", value: "text/plain;charset=UTF-8")
        poster.request(method: .POST, uri: endpoint.target(transport: .polling, sid: sid), headers: headers, body: body)
            .whenComplete { [self] result in
                isPosting = false
                if isSendingClose {
                    if pending.isEmpty || (try? result.get()) == nil { shutDownConnections() } else { post() }
                    return
                }
                guard !isClosed else { return }
                switch result {
                case .failure(let error): closed("transport error: \(error)")
                case .success(let response) where response.status != 200: closed("transport error: HTTP \(response.status)")
                case .success:
                    finishPauseIfIdle()
                    post()
                }
            }
    }

    /// Takes the queued frames whose payload fits in `maxPayload` bytes (always at least one).
    private func takeBatch() -> ByteBuffer {
        var body = ByteBuffer()
        var taken = 0
        for frame in pending {
            let end = body.writerIndex
            if taken > 0 { body.writeInteger(EnginePayload.recordSeparator) }
            frame.writePollingForm(into: &body)
            if taken > 0, body.readableBytes > maxPayload {
                body.moveWriterIndex(to: end)
                break
            }
            taken += 1
        }
        pending.removeFirst(taken)
        return body
    }

    /// Stops issuing requests (for an upgrade): `completion` runs once the GET and POST in flight
    /// have finished.
    func pause(_ completion: @escaping () -> Void) {
        isPaused = true
        pauseCompletion = completion
        finishPauseIfIdle()
    }

    /// Polls and posts again after `pause` (the upgrade was abandoned).
    func resume() {
        guard isPaused else { return }
        isPaused = false
        pauseCompletion = nil
        poll()
        post()
    }

    private func finishPauseIfIdle() {
        guard isPaused, !isPolling, !isPosting, let completion = pauseCompletion else { return }
        pauseCompletion = nil
        completion()
    }

    /// Frames queued but not yet posted (handed over to the next transport after an upgrade).
    func takePending() -> [EngineFrame] {
        defer { pending.removeAll() }
        return pending
    }

    /// Closes the session from the client side: what is queued is posted, then `1`.
    func close() {
        guard !isClosed else { return }
        isClosed = true
        onPackets = nil
        onClose = nil
        guard sid != nil, !isPaused else {
            shutDownConnections()
            return
        }
        isSendingClose = true
        pending.append(.close)
        post()
    }

    private func shutDownConnections() {
        isSendingClose = false
        poller.close()
        poster.close()
    }

    private func closed(_ reason: String) {
        guard !isClosed else { return }
        isClosed = true
        let onClose = self.onClose
        self.onClose = nil
        onPackets = nil
        shutDownConnections()
        onClose?(reason)
    }
}
