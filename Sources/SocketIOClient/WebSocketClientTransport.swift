import EngineIO
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOWebSocket

/// The WebSocket transport of the client: one Engine.IO packet per WebSocket message, client
/// frames masked.
final class WebSocketClientTransport: EngineClientTransport, @unchecked Sendable {  // loop-confined
    let kind = EngineTransportKind.websocket
    var onPackets: (([EnginePacket]) -> Void)?
    var onClose: ((String) -> Void)?
    private let channel: any Channel
    private var isClosed = false

    private init(channel: any Channel) {
        self.channel = channel
    }

    /// Opens a WebSocket to `endpoint` (with `sid` to upgrade an existing session). Completes
    /// once the `101` arrived; fails when the server refuses.
    static func connect(to endpoint: EngineClientEndpoint, sid: String?, on eventLoop: any EventLoop,
                        maxFrameSize: Int) -> EventLoopFuture<WebSocketClientTransport> {
        let upgraded = eventLoop.makePromise(of: WebSocketClientTransport.self)
        let target = endpoint.target(transport: .websocket, sid: sid)
        let connection = ClientBootstrap.transport(on: eventLoop, from: endpoint.localAddress)
            .channelInitializer { channel in
                let failureHandler = UpgradeFailureHandler(promise: upgraded)
                let boundFailureHandler = NIOLoopBound(failureHandler, eventLoop: channel.eventLoop)
                let upgrader = NIOWebSocketClientUpgrader(maxFrameSize: maxFrameSize, automaticErrorHandling: true) { channel, _ in
                    channel.eventLoop.makeCompletedFuture {
                        // From here on the connection carries WebSocket frames only.
                        channel.pipeline.syncOperations.removeHandler(boundFailureHandler.value, promise: nil)
                        let transport = WebSocketClientTransport(channel: channel)
                        try channel.pipeline.syncOperations.addHandler(NIOWebSocketFrameAggregator(
                            minNonFinalFragmentSize: 0, maxAccumulatedFrameCount: 1024, maxAccumulatedFrameSize: maxFrameSize))
                        try channel.pipeline.syncOperations.addHandler(FrameHandler(transport: transport))
                        upgraded.succeed(transport)
                    }
                }
                return channel.eventLoop.makeCompletedFuture {
                    // The server's first WebSocket frame may arrive in the same read as the 101:
                    // keep the bytes the HTTP decoder has not consumed.
                    try channel.pipeline.syncOperations.addHTTPClientHandlers(
                        leftOverBytesStrategy: .forwardBytes,
                        withClientUpgrade: (upgraders: [upgrader], completionHandler: { _ in }))
                    try channel.pipeline.syncOperations.addHandler(failureHandler)
                }
            }
            .connect(host: endpoint.url.host, port: endpoint.url.port)
        connection.whenSuccess { channel in
            var headers = HTTPHeaders()
            headers.add(name: "Host", value: endpoint.url.hostHeader)
            for (name, value) in endpoint.extraHeaders { headers.add(name: name, value: value) }
            let head = HTTPRequestHead(version: .http1_1, method: .GET, uri: target, headers: headers)
            channel.write(HTTPClientRequestPart.head(head), promise: nil)
            channel.writeAndFlush(HTTPClientRequestPart.end(nil), promise: nil)
        }
        connection.whenFailure { upgraded.fail(SocketIOClientError.connectionFailed("\($0)")) }
        return upgraded.futureResult
    }

    func send(_ frames: [EngineFrame]) {
        guard !isClosed else { return }
        for frame in frames {
            let opcode: WebSocketOpcode = frame.kind == .binary ? .binary : .text
            channel.write(WebSocketFrame(fin: true, opcode: opcode, maskKey: .random(), data: frame.bytes), promise: nil)
        }
        channel.flush()
    }

    func close() {
        guard !isClosed else { return }
        isClosed = true
        onPackets = nil
        onClose = nil
        let channel = self.channel
        channel.writeAndFlush(WebSocketFrame(fin: true, opcode: .connectionClose, maskKey: .random(), data: ByteBuffer()))
            .whenComplete { _ in channel.close(promise: nil) }
    }

    fileprivate func received(_ frame: WebSocketFrame) {
        switch frame.opcode {
        case .text:
            let data = frame.unmaskedData
            guard let packet = try? EnginePacket(decodingText: data.readableBytesView) else {
                closed("parse error")
                return
            }
            onPackets?([packet])
        case .binary:
            onPackets?([.message(frame.unmaskedData)])
        case .connectionClose:
            closed("transport close")
        case .ping:
            channel.writeAndFlush(WebSocketFrame(fin: true, opcode: .pong, maskKey: .random(), data: frame.unmaskedData), promise: nil)
        default:
            break
        }
    }

    fileprivate func closed(_ reason: String) {
        guard !isClosed else { return }
        isClosed = true
        let onClose = self.onClose
        self.onClose = nil
        onPackets = nil
        channel.close(promise: nil)
        onClose?(reason)
    }

    /// Feeds the transport with the socket's frames.
    private final class FrameHandler: ChannelInboundHandler {
        typealias InboundIn = WebSocketFrame
        private let transport: WebSocketClientTransport

        init(transport: WebSocketClientTransport) {
            self.transport = transport
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            transport.received(unwrapInboundIn(data))
        }

        func channelInactive(context: ChannelHandlerContext) {
            transport.closed("transport close")
            context.fireChannelInactive()
        }

        func errorCaught(context: ChannelHandlerContext, error: any Error) {
            transport.closed("transport error")
        }
    }

    /// Fails the connection promise when the server answers without upgrading.
    private final class UpgradeFailureHandler: ChannelInboundHandler, RemovableChannelHandler {
        typealias InboundIn = HTTPClientResponsePart
        private let promise: EventLoopPromise<WebSocketClientTransport>

        init(promise: EventLoopPromise<WebSocketClientTransport>) {
            self.promise = promise
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            if case .head(let head) = unwrapInboundIn(data) {
                promise.fail(SocketIOClientError.connectionFailed("WebSocket refused: HTTP \(head.status.code)"))
                context.close(promise: nil)
            }
        }

        func errorCaught(context: ChannelHandlerContext, error: any Error) {
            promise.fail(SocketIOClientError.connectionFailed("WebSocket upgrade failed: \(error)"))
            context.close(promise: nil)
        }

        func channelInactive(context: ChannelHandlerContext) {
            promise.fail(SocketIOClientError.connectionFailed("connection closed during the WebSocket upgrade"))
            context.fireChannelInactive()
        }
    }
}
