import EngineIO
import Logging
import NIOCore
import NIOHTTP1
import NIOWebSocket

/// Serves the Engine.IO polling requests, handshakes and errors of one HTTP/1.1 connection.
///
/// Requests arrive one at a time (NIO's pipelining handler queues the next until this one is
/// answered). A held long-poll stays open until its session answers it; if the connection drops
/// first, the session is told (`pollAborted`).
final class HTTPConnectionHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private enum Disposition {
        case respond(EngineHTTPResponse)
        case rejectUpgrade(EngineRequestError)
        case page(EngineHTTPResponse)
        case notFound
        case preflight
        case handshake
        case poll(EngineSession)
        case post(EngineSession)
    }

    private struct PendingRequest {
        var request: EngineRequest
        var engine: EngineServer?
        var disposition: Disposition
        var keepAlive: Bool
        var body = ByteBuffer()
        var bodyTooLarge = false
        /// The answer slot of a POST, registered with its session as soon as the head arrives.
        var postResponse: PollingResponse?
    }

    private struct Outstanding {
        let response: PollingResponse
        let request: EngineRequest
        let engine: EngineServer?
        var keepAlive: Bool
        let session: EngineSession?
    }

    private let routes: HTTPRoutes
    private let upgradeRejection: UpgradeRejection
    private let logger: Logger
    private var context: ChannelHandlerContext?
    private var pending: PendingRequest?
    private var outstanding: Outstanding?
    /// Makes the WebSocket upgrade handler that sits in front of this one for the next request
    /// of a keep-alive connection (each one looks at a single request, then leaves).
    var makeUpgradeHandler: (() -> HTTPServerUpgradeHandler)?

    init(routes: HTTPRoutes, upgradeRejection: UpgradeRejection, logger: Logger) {
        self.routes = routes
        self.upgradeRejection = upgradeRejection
        self.logger = logger
    }

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        self.context = nil
        // The factory's handlers refer back to this one: dropping it breaks the cycle, so the
        // HTTP handlers are freed after an upgrade or a close.
        makeUpgradeHandler = nil
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            let request = EngineRequest(head: head, channel: context.channel)
            let engine = routes.engine(for: request.path)
            var current = PendingRequest(request: request, engine: engine,
                                         disposition: disposition(for: request, engine: engine), keepAlive: head.isKeepAlive)
            if case .post(let session) = current.disposition {
                let response = expectAnswer(current, session: nil, context: context)
                current.postResponse = response
                runOnSessionLoop(session) { _ = session.beginPost(response) }
            }
            pending = current
        case .body(var chunk):
            guard var current = pending, case .post(let session) = current.disposition, !current.bodyTooLarge,
                  let response = current.postResponse, let engine = current.engine else { return }
            if current.body.readableBytes + chunk.readableBytes > engine.options.maxHttpBufferSize {
                current.bodyTooLarge = true
                current.body = ByteBuffer()
                pending = current
                outstanding?.keepAlive = false
                response.respond(.failure(status: 413))
                runOnSessionLoop(session) { session.abandonPost(response, connectionLost: false) }
                return
            }
            current.body.writeBuffer(&chunk)
            pending = current
        case .end:
            guard let current = pending else { return }
            pending = nil
            // The pipelining handler holds the next request back until this one is answered, so
            // the new upgrade handler is in place before that request's head arrives.
            if current.keepAlive, let makeUpgradeHandler {
                try? context.pipeline.syncOperations.addHandler(makeUpgradeHandler(), position: .before(self))
            }
            if !current.bodyTooLarge { dispatch(current, context: context) }
        }
    }

    private func disposition(for request: EngineRequest, engine: EngineServer?) -> Disposition {
        guard let engine else {
            return routes.page(for: request).map(Disposition.page) ?? .notFound
        }
        if request.method == "OPTIONS", engine.options.cors != nil { return .preflight }
        if let rejected = upgradeRejection.error {
            upgradeRejection.error = nil
            return .rejectUpgrade(rejected)
        }
        switch engine.route(request) {
        case .failure(let error):
            return request.isWebSocketUpgrade ? .rejectUpgrade(error) : .respond(error.pollingResponse)
        case .success(.handshake(.websocket)):
            return .rejectUpgrade(.badRequest)  // an upgrade NIO's upgrader did not accept
        case .success(.handshake(.polling)):
            return .handshake
        case .success(.session(let session)):
            switch request.method {
            case "GET": return request.isWebSocketUpgrade ? .rejectUpgrade(.badRequest) : .poll(session)
            case "POST": return .post(session)
            default: return .respond(EngineRequestError.badRequest.pollingResponse)
            }
        }
    }

    private func dispatch(_ current: PendingRequest, context: ChannelHandlerContext) {
        switch current.disposition {
        case .respond(let response):
            send(response, request: current.request, engine: current.engine, keepAlive: current.keepAlive)
        case .page(let response):
            send(response, request: current.request, engine: nil, keepAlive: current.keepAlive)
        case .rejectUpgrade(let error):
            rejectUpgrade(error, context: context)
        case .notFound:
            send(EngineHTTPResponse(status: 404, contentType: "text/plain", body: ByteBuffer(string: "Not Found")),
                 request: current.request, engine: nil, keepAlive: current.keepAlive)
        case .preflight:
            var response = EngineHTTPResponse(status: 204, contentType: nil)
            response.headers = current.engine?.options.cors?.headers(for: current.request, isPreflight: true) ?? []
            send(response, request: current.request, engine: current.engine, keepAlive: current.keepAlive, addCORS: false)
        case .handshake:
            handshake(current, context: context)
        case .poll(let session):
            let response = expectAnswer(current, session: session, context: context)
            runOnSessionLoop(session) { session.handlePoll(response) }
        case .post(let session):
            guard let response = current.postResponse else { return }
            let body = current.body
            let contentType = current.request.header("Content-Type")
            runOnSessionLoop(session) { session.finishPost(body: body, contentType: contentType, responder: response) }
        }
    }

    private func handshake(_ current: PendingRequest, context: ChannelHandlerContext) {
        guard let engine = current.engine else { return }
        let request = current.request
        let eventLoop = context.eventLoop
        let response = expectAnswer(current, session: nil, context: context)
        guard engine.options.allowRequest != nil else {
            response.respond(engine.openPollingSession(for: request, on: eventLoop))
            return
        }
        Task {
            if let refusal = await engine.authorize(request) {
                response.respond(refusal.pollingResponse)
            } else {
                eventLoop.execute { response.respond(engine.openPollingSession(for: request, on: eventLoop)) }
            }
        }
    }

    /// Registers the request as waiting for an answer from a session or a hook.
    private func expectAnswer(_ current: PendingRequest, session: EngineSession?, context: ChannelHandlerContext) -> PollingResponse {
        let response = PollingResponse(handler: self, eventLoop: context.eventLoop)
        outstanding = Outstanding(response: response, request: current.request, engine: current.engine,
                                  keepAlive: current.keepAlive, session: session)
        return response
    }

    private func runOnSessionLoop(_ session: EngineSession, _ work: @escaping @Sendable () -> Void) {
        if session.eventLoop.inEventLoop { work() } else { session.eventLoop.execute(work) }
    }

    /// Writes the answer of an outstanding request (called on this connection's loop).
    func write(_ response: EngineHTTPResponse, for responder: PollingResponse) {
        guard let outstanding, outstanding.response === responder else { return }
        self.outstanding = nil
        send(response, request: outstanding.request, engine: outstanding.engine, keepAlive: outstanding.keepAlive)
    }

    private func send(_ response: EngineHTTPResponse, request: EngineRequest, engine: EngineServer?, keepAlive: Bool,
                      addCORS: Bool = true) {
        guard let context else { return }
        var headers = HTTPHeaders()
        if let contentType = response.contentType { headers.add(name: "Content-Type", value: contentType) }
        headers.add(name: "Content-Length", value: String(response.body.readableBytes))
        headers.add(name: "cache-control", value: "no-store")
        if addCORS, let cors = engine?.options.cors { headers.add(cors.headers(for: request, isPreflight: false)) }
        headers.add(response.headers)
        if let extra = engine?.options.responseHeaders {
            headers.add(extra(request, request.query["sid"] == nil))
        }
        if !keepAlive { headers.add(name: "Connection", value: "close") }
        let head = HTTPResponseHead(version: .http1_1, status: HTTPResponseStatus(statusCode: response.status), headers: headers)
        context.write(wrapOutboundOut(.head(head)), promise: nil)
        if response.body.readableBytes > 0 {
            context.write(wrapOutboundOut(.body(.byteBuffer(response.body))), promise: nil)
        }
        let done = context.writeAndFlush(wrapOutboundOut(.end(nil)))
        if !keepAlive {
            let loopBound = NIOLoopBound(context, eventLoop: context.eventLoop)
            done.whenComplete { _ in loopBound.value.close(promise: nil) }
        }
    }

    /// The raw answer to a refused WebSocket upgrade: `400`, the message as text, then close.
    private func rejectUpgrade(_ error: EngineRequestError, context: ChannelHandlerContext) {
        var headers = HTTPHeaders()
        headers.add(name: "Connection", value: "close")
        headers.add(name: "Content-Type", value: "text/html")
        headers.add(name: "Content-Length", value: String(error.message.utf8.count))
        context.write(wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: .badRequest, headers: headers))), promise: nil)
        context.write(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(string: error.message)))), promise: nil)
        let loopBound = NIOLoopBound(context, eventLoop: context.eventLoop)
        context.writeAndFlush(wrapOutboundOut(.end(nil))).whenComplete { _ in loopBound.value.close(promise: nil) }
    }

    func channelInactive(context: ChannelHandlerContext) {
        if let outstanding, !outstanding.response.isAnswered, let session = outstanding.session {
            let response = outstanding.response
            runOnSessionLoop(session) { session.pollAborted(response) }
        }
        if let pending, case .post(let session) = pending.disposition, !pending.bodyTooLarge,
           let response = pending.postResponse {
            runOnSessionLoop(session) { session.abandonPost(response, connectionLost: true) }
        }
        outstanding = nil
        pending = nil
        context.fireChannelInactive()
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if event is IdleStateHandler.IdleStateEvent, outstanding == nil {
            context.close(promise: nil)
            return
        }
        context.fireUserInboundEventTriggered(event)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        if error is NIOWebSocketUpgradeError {
            // A refused upgrade: NIO reports it, then passes the request on to `channelRead`,
            // which answers it.
            return
        }
        logger.debug("HTTP connection error", metadata: ["error": "\(error)"])
        context.close(promise: nil)
    }
}
