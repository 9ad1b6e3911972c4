import EngineIO
import Logging
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOWebSocket

/// A standalone HTTP/1.1 + WebSocket server on SwiftNIO that hosts an `EngineServer`.
///
/// One pipeline per connection: HTTP decoding, the WebSocket upgrader (frames up to
/// `maxHttpBufferSize`), and an idle timeout longer than `pingInterval + pingTimeout`. Requests
/// outside the engine's path get `404`.
public final class EngineHTTPServer: Sendable {
    /// The engine served.
    public let engine: EngineServer
    private let group: any EventLoopGroup
    private let logger: Logger
    private let channel: any Channel

    private init(engine: EngineServer, group: any EventLoopGroup, logger: Logger, channel: any Channel) {
        self.engine = engine
        self.group = group
        self.logger = logger
        self.channel = channel
    }

    /// Binds `host:port` (port 0 picks a free one) and starts serving `engine`.
    public static func start(engine: EngineServer, host: String, port: Int,
                             group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
                             logger: Logger = Logger(label: "SocketIONIO")) async throws -> EngineHTTPServer {
        let options = engine.options
        let idleTimeout = options.pingInterval + options.pingTimeout + .seconds(5)
        let channel = try await ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: 1024)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .childChannelOption(.maxMessagesPerRead, value: 16)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try configure(channel, engine: engine, idleTimeout: idleTimeout, logger: logger)
                }
            }
            .bind(host: host, port: port)
            .get()
        logger.info("listening", metadata: ["address": "\(channel.localAddress?.description ?? "?")"])
        return EngineHTTPServer(engine: engine, group: group, logger: logger, channel: channel)
    }

    /// The port bound.
    public var port: Int { channel.localAddress?.port ?? 0 }

    /// A future completed when the listening socket closes.
    public var closeFuture: EventLoopFuture<Void> { channel.closeFuture }

    /// Stops accepting connections and closes every session with reason `server shutting down`.
    public func shutdown() async {
        try? await channel.close()
        engine.closeAllSessions()
        logger.info("stopped")
    }

    private static func configure(_ channel: any Channel, engine: EngineServer, idleTimeout: TimeAmount,
                                  logger: Logger) throws {
        let rejection = UpgradeRejection()
        let loopBoundRejection = NIOLoopBound(rejection, eventLoop: channel.eventLoop)
        let maxFrameSize = min(max(engine.options.maxHttpBufferSize, 1), Int(UInt32.max))
        let upgrader = NIOWebSocketServerUpgrader(
            maxFrameSize: maxFrameSize,
            automaticErrorHandling: true,
            shouldUpgrade: { channel, head in
                shouldUpgrade(channel: channel, head: head, engine: engine, rejection: loopBoundRejection)
            },
            upgradePipelineHandler: { channel, head in
                channel.eventLoop.makeCompletedFuture {
                    let request = EngineRequest(head: head, channel: channel)
                    try channel.pipeline.syncOperations.addHandler(NIOWebSocketFrameAggregator(
                        minNonFinalFragmentSize: 0, maxAccumulatedFrameCount: 1024,
                        maxAccumulatedFrameSize: maxFrameSize))
                    try channel.pipeline.syncOperations.addHandler(
                        WebSocketTransportHandler(engine: engine, request: request, logger: logger))
                }
            })
        let sync = channel.pipeline.syncOperations
        let httpHandler = HTTPConnectionHandler(engine: engine, upgradeRejection: rejection, logger: logger)
        let loopBoundHTTPHandler = NIOLoopBound(httpHandler, eventLoop: channel.eventLoop)
        try sync.addHandler(IdleStateHandler(allTimeout: idleTimeout))
        try sync.configureHTTPServerPipeline(withServerUpgrade: (upgraders: [upgrader], completionHandler: { context in
            // After the 101 the connection carries WebSocket frames only.
            context.pipeline.syncOperations.removeHandler(loopBoundHTTPHandler.value, promise: nil)
        }))
        try sync.addHandler(httpHandler)
    }

    /// Decides a WebSocket upgrade. A refusal is recorded for the HTTP handler, which answers it
    /// with the raw `400` the reference server sends.
    private static func shouldUpgrade(channel: any Channel, head: HTTPRequestHead, engine: EngineServer,
                                      rejection: NIOLoopBound<UpgradeRejection>) -> EventLoopFuture<HTTPHeaders?> {
        let request = EngineRequest(head: head, channel: channel)
        guard engine.handles(path: request.path) else { return channel.eventLoop.makeSucceededFuture(nil) }
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
