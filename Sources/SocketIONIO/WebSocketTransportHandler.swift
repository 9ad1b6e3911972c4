import EngineIO
import Logging
import NIOCore
import NIOWebSocket

/// Carries one Engine.IO session over a WebSocket: opens a new session (WebSocket-only
/// handshake) or probes an upgrade of a polling session, then feeds it the messages received.
final class WebSocketTransportHandler: ChannelInboundHandler {
    typealias InboundIn = WebSocketFrame
    typealias OutboundOut = WebSocketFrame

    private let engine: EngineServer
    private let request: EngineRequest
    private let logger: Logger
    private var connection: WebSocketConnection?
    private var session: EngineSession?

    init(engine: EngineServer, request: EngineRequest, logger: Logger) {
        self.engine = engine
        self.request = request
        self.logger = logger
    }

    func handlerAdded(context: ChannelHandlerContext) {
        let connection = WebSocketConnection(channel: context.channel, sendsBinaryAsBase64: request.query["b64"] != nil)
        self.connection = connection
        guard let sid = request.query["sid"] else {
            session = engine.openWebSocketSession(for: request, socket: connection, on: context.eventLoop)
            return
        }
        guard let session = engine.session(id: sid) else {
            connection.close()
            return
        }
        self.session = session
        run(on: session) { if !session.beginUpgrade(connection) { connection.close() } }
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        connection?.readBatchStarted()
        let frame = unwrapInboundIn(data)
        switch frame.opcode {
        case .text:
            let bytes = frame.unmaskedData
            guard String(validating: bytes.readableBytesView, as: UTF8.self) != nil else {
                connection?.close(code: .dataInconsistentWithMessage)
                return
            }
            deliver(Result { () throws(EngineDecodingError) in try EnginePacket(decodingText: bytes.readableBytesView) })
        case .binary:
            deliver(.success(.message(frame.unmaskedData)))
        case .connectionClose:
            connection?.close()
        case .ping:
            context.writeAndFlush(wrapOutboundOut(WebSocketFrame(fin: true, opcode: .pong, data: frame.unmaskedData)), promise: nil)
        default:
            break
        }
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        connection?.readBatchEnded()
        context.fireChannelReadComplete()
    }

    private func deliver(_ packet: Result<EnginePacket, EngineDecodingError>) {
        guard let session, let connection else { return }
        run(on: session) { session.handleWebSocketMessage(packet, from: connection) }
    }

    private func run(on session: EngineSession, _ work: @escaping @Sendable () -> Void) {
        if session.eventLoop.inEventLoop { work() } else { session.eventLoop.execute(work) }
    }

    func channelInactive(context: ChannelHandlerContext) {
        if let session, let connection {
            run(on: session) { session.webSocketClosed(connection) }
        }
        session = nil
        context.fireChannelInactive()
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        if context.channel.isWritable { connection?.drained() }
        context.fireChannelWritabilityChanged()
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if event is IdleStateHandler.IdleStateEvent {
            context.close(promise: nil)
            return
        }
        context.fireUserInboundEventTriggered(event)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        logger.debug("WebSocket error", metadata: ["error": "\(error)"])
        if error is NIOWebSocketFrameAggregator.Error {
            connection?.close(code: .messageTooLarge)
        } else if !(error is NIOWebSocketError) {  // those are answered by NIO's protocol error handler
            context.close(promise: nil)
        }
    }
}
