import EngineIO
import Logging
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOWebSocket

/// A standalone HTTP/1.1 + WebSocket server on SwiftNIO that hosts Engine.IO servers (a
/// Socket.IO server's `engine`, a bare Engine.IO one, or both under different paths).
///
/// One pipeline per connection: HTTP decoding, the WebSocket upgrader (frames up to
/// `maxHttpBufferSize`), and an idle timeout longer than `pingInterval + pingTimeout`. Requests
/// outside every engine's path get the routes' page, or `404`.
public final class EngineHTTPServer: Sendable {
    /// What is served.
    public let routes: HTTPRoutes
    private let logger: Logger
    private let channel: any Channel

    private init(routes: HTTPRoutes, logger: Logger, channel: any Channel) {
        self.routes = routes
        self.logger = logger
        self.channel = channel
    }

    /// Binds `host:port` (port 0 picks a free one) and starts serving `engine`.
    public static func start(engine: EngineServer, host: String, port: Int,
                             group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
                             logger: Logger = Logger(label: "SocketIONIO")) async throws -> EngineHTTPServer {
        try await start(routes: HTTPRoutes(engines: [engine]), host: host, port: port, group: group, logger: logger)
    }

    /// Binds `host:port` (port 0 picks a free one) and starts serving `routes`.
    public static func start(routes: HTTPRoutes, host: String, port: Int,
                             group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
                             logger: Logger = Logger(label: "SocketIONIO")) async throws -> EngineHTTPServer {
        let longestHeartbeat = routes.engines.map { $0.options.pingInterval + $0.options.pingTimeout }.max() ?? .seconds(45)
        let idleTimeout = longestHeartbeat + .seconds(5)
        let channel = try await ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: 1024)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .childChannelOption(.maxMessagesPerRead, value: 16)
            // Reads start at 512 bytes and grow for busy connections: each connection keeps its
            // last read buffer, and NIO's default first size (2 KiB) is most of an idle client's memory.
            .childChannelOption(.recvAllocator, value: AdaptiveRecvByteBufferAllocator(minimum: 64, initial: 512, maximum: 65_536))
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try configure(channel, routes: routes, idleTimeout: idleTimeout, logger: logger)
                }
            }
            .bind(host: host, port: port)
            .get()
        logger.info("listening", metadata: ["address": "\(channel.localAddress?.description ?? "?")"])
        return EngineHTTPServer(routes: routes, logger: logger, channel: channel)
    }

    /// The port bound.
    public var port: Int { channel.localAddress?.port ?? 0 }

    /// A future completed when the listening socket closes.
    public var closeFuture: EventLoopFuture<Void> { channel.closeFuture }

    /// Stops accepting connections and closes every session with reason `server shutting down`.
    public func shutdown() async {
        try? await channel.close()
        for engine in routes.engines { engine.closeAllSessions() }
        logger.info("stopped")
    }

    private static func configure(_ channel: any Channel, routes: HTTPRoutes, idleTimeout: TimeAmount,
                                  logger: Logger) throws {
        let rejection = UpgradeRejection()
        let loopBoundRejection = NIOLoopBound(rejection, eventLoop: channel.eventLoop)
        let largestBuffer = routes.engines.map(\.options.maxHttpBufferSize).max() ?? 1
        let maxFrameSize = min(max(largestBuffer, 1), Int(UInt32.max))
        let upgrader = NIOWebSocketServerUpgrader(
            maxFrameSize: maxFrameSize,
            automaticErrorHandling: true,
            shouldUpgrade: { channel, head in
                shouldUpgrade(channel: channel, head: head, routes: routes, rejection: loopBoundRejection)
            },
            upgradePipelineHandler: { channel, head in
                channel.eventLoop.makeCompletedFuture {
                    let request = EngineRequest(head: head, channel: channel)
                    guard let engine = routes.engine(for: request.path) else { throw ChannelError.inappropriateOperationForState }
                    try channel.pipeline.syncOperations.addHandler(NIOWebSocketFrameAggregator(
                        minNonFinalFragmentSize: 0, maxAccumulatedFrameCount: 1024,
                        maxAccumulatedFrameSize: engine.options.maxHttpBufferSize))
                    try channel.pipeline.syncOperations.addHandler(
                        WebSocketTransportHandler(engine: engine, request: request, logger: logger))
                }
            })
        let sync = channel.pipeline.syncOperations
        let responseEncoder = HTTPResponseEncoder()
        let requestDecoder = ByteToMessageHandler(HTTPRequestDecoder(leftOverBytesStrategy: .forwardBytes))
        let pipelining = HTTPServerPipelineHandler()
        let protocolErrors = HTTPServerProtocolErrorHandler()
        let httpHandler = HTTPConnectionHandler(routes: routes, upgradeRejection: rejection, logger: logger)
        let loopBoundHTTPHandler = NIOLoopBound(httpHandler, eventLoop: channel.eventLoop)
        // NIO's upgrade handler looks at one request and leaves the pipeline. Clients that reuse a
        // keep-alive polling connection for the WebSocket upgrade (python-socketio's aiohttp does)
        // need it again for every request, so the HTTP handler puts a fresh one back after each.
        let makeUpgradeHandler = {
            HTTPServerUpgradeHandler(
                upgraders: [upgrader], httpEncoder: responseEncoder,
                extraHTTPHandlers: [requestDecoder, pipelining, protocolErrors],
                upgradeCompletionHandler: { context in
                    // After the 101 the connection carries WebSocket frames only.
                    context.pipeline.syncOperations.removeHandler(loopBoundHTTPHandler.value, promise: nil)
                })
        }
        httpHandler.makeUpgradeHandler = makeUpgradeHandler
        try sync.addHandler(IdleStateHandler(allTimeout: idleTimeout))
        try sync.addHandlers([responseEncoder, requestDecoder, pipelining, protocolErrors, makeUpgradeHandler(), httpHandler])
    }

    /// Decides a WebSocket upgrade. A refusal is recorded for the HTTP handler, which answers it
    /// with the raw `400` the reference server sends.
    private static func shouldUpgrade(channel: any Channel, head: HTTPRequestHead, routes: HTTPRoutes,
                                      rejection: NIOLoopBound<UpgradeRejection>) -> EventLoopFuture<HTTPHeaders?> {
        let request = EngineRequest(head: head, channel: channel)
        guard let engine = routes.engine(for: request.path) else { return channel.eventLoop.makeSucceededFuture(nil) }
        var headers = HTTPHeaders()
        if let protocols = head.headers["Sec-WebSocket-Protocol"].first,
           let first = protocols.split(separator: ",").first {
            headers.add(name: "Sec-WebSocket-Protocol", value: String(first.filter { $0 != " " }))
        }
        if let extra = engine.options.responseHeaders {
            headers.add(extra(request, request.query["sid"] == nil))
        }
        switch engine.route(request) {
        case .failure(let error):
            rejection.value.error = error
            return channel.eventLoop.makeSucceededFuture(nil)
        case .success(.session):
            return channel.eventLoop.makeSucceededFuture(headers)
        case .success(.handshake):
            let eventLoop = channel.eventLoop
            guard engine.options.allowRequest != nil else { return eventLoop.makeSucceededFuture(headers) }
            let promise = eventLoop.makePromise(of: HTTPHeaders?.self)
            let headers = headers
            Task {
                let refusal = await engine.authorize(request)
                eventLoop.execute {
                    rejection.value.error = refusal
                    promise.succeed(refusal == nil ? headers : nil)
                }
            }
            return promise.futureResult
        }
    }
}
