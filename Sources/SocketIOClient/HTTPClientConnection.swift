import NIOCore
import NIOHTTP1
import NIOPosix

/// One HTTP/1.1 response.
struct HTTPClientResponse: Sendable {
    var status: Int
    var headers: HTTPHeaders
    var body: ByteBuffer
}

/// A minimal keep-alive HTTP/1.1 client connection on one event loop: one request at a time,
/// reconnecting when the server closed the previous connection. Used by the polling transport
/// (one instance for GETs, one for POSTs, so a held GET never blocks a POST).
///
/// Loop-confined: call on `eventLoop`.
final class HTTPClientConnection: @unchecked Sendable {  // loop-confined
    private let eventLoop: any EventLoop
    private let host: String
    private let port: Int
    private let localAddress: SocketAddress?
    private var channel: (any Channel)?
    private var collector: ResponseCollector?

    /// A connection to `host`:`port`, made from `localAddress` when given.
    init(eventLoop: any EventLoop, host: String, port: Int, localAddress: SocketAddress?) {
        self.eventLoop = eventLoop
        self.host = host
        self.port = port
        self.localAddress = localAddress
    }

    /// Sends a request and completes with its response, or fails when the connection fails.
    func request(method: HTTPMethod, uri: String, headers: HTTPHeaders, body: ByteBuffer?) -> EventLoopFuture<HTTPClientResponse> {
        eventLoop.preconditionInEventLoop()
        let ready: EventLoopFuture<(any Channel, ResponseCollector)>
        if let channel, channel.isActive, let collector {
            ready = eventLoop.makeSucceededFuture((channel, collector))
        } else {
            ready = connect()
        }
        return ready.flatMap { channel, collector in
            let promise = self.eventLoop.makePromise(of: HTTPClientResponse.self)
            collector.expect(promise)
            var head = HTTPRequestHead(version: .http1_1, method: method, uri: uri, headers: headers)
            if let body { head.headers.replaceOrAdd(name: "Content-Length", value: String(body.readableBytes)) }
            channel.write(HTTPClientRequestPart.head(head), promise: nil)
            if let body { channel.write(HTTPClientRequestPart.body(.byteBuffer(body)), promise: nil) }
            channel.writeAndFlush(HTTPClientRequestPart.end(nil)).whenFailure { promise.fail($0) }
            return promise.futureResult
        }
    }

    /// Closes the connection; a pending request fails.
    func close() {
        channel?.close(promise: nil)
        channel = nil
        collector = nil
    }

    private func connect() -> EventLoopFuture<(any Channel, ResponseCollector)> {
        let collector = ResponseCollector()
        return ClientBootstrap.transport(on: eventLoop, from: localAddress)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHTTPClientHandlers()
                    try channel.pipeline.syncOperations.addHandler(collector)
                }
            }
            .connect(host: host, port: port)
            .map { channel in
                self.channel = channel
                self.collector = collector
                return (channel, collector)
            }
    }
}

/// Gathers the response of the request in flight. Touched on its channel's loop only, which is
/// the connection's loop.
private final class ResponseCollector: ChannelInboundHandler, @unchecked Sendable {
    typealias InboundIn = HTTPClientResponsePart

    private var promise: EventLoopPromise<HTTPClientResponse>?
    private var response: HTTPClientResponse?

    func expect(_ promise: EventLoopPromise<HTTPClientResponse>) {
        self.promise = promise
        response = nil
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            response = HTTPClientResponse(status: Int(head.status.code), headers: head.headers, body: ByteBuffer())
        case .body(var chunk):
            response?.body.writeBuffer(&chunk)
        case .end:
            guard let response, let promise else { return }
            self.promise = nil
            self.response = nil
            promise.succeed(response)
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        promise?.fail(SocketIOClientError.connectionFailed("connection closed"))
        promise = nil
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        promise?.fail(error)
        promise = nil
        context.close(promise: nil)
    }
}
