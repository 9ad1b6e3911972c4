import NIOCore
import NIOPosix
import Synchronization

/// A TCP proxy on 127.0.0.1 in front of a server that can turn every connection open at the time
/// into a black hole: bytes stop flowing both ways and nobody sees a close, as when the network
/// between client and server goes silent. Connections made afterwards are carried normally.
final class BlackholeProxy: Sendable {
    private let listener: any Channel
    private let links: Links

    private init(listener: any Channel, links: Links) {
        self.listener = listener
        self.links = links
    }

    /// Listens on a free port and forwards every connection to `127.0.0.1:targetPort`.
    static func start(forwardingTo targetPort: Int) async throws -> BlackholeProxy {
        let links = Links()
        let listener = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.autoRead, value: false)
            .childChannelInitializer { inbound in
                ClientBootstrap(group: inbound.eventLoop)
                    .channelOption(.socketOption(.tcp_nodelay), value: 1)
                    .connect(host: "127.0.0.1", port: targetPort)
                    .flatMapThrowing { outbound in
                        let link = Link(client: inbound, server: outbound)
                        links.add(link)
                        try inbound.pipeline.syncOperations.addHandler(Relay(to: outbound, link: link))
                        try outbound.pipeline.syncOperations.addHandler(Relay(to: inbound, link: link))
                    }
                    .flatMap { inbound.setOption(.autoRead, value: true) }
            }
            .bind(host: "127.0.0.1", port: 0)
            .get()
        return BlackholeProxy(listener: listener, links: links)
    }

    /// The port clients connect to.
    var port: Int { listener.localAddress?.port ?? 0 }

    var url: String { "http://127.0.0.1:\(port)" }

    /// Makes every connection open now silent (see the type's description).
    func silenceOpenConnections() {
        for link in links.all { link.silenced.store(true, ordering: .sequentiallyConsistent) }
    }

    /// Closes the listener and every connection.
    func shutdown() async {
        try? await listener.close()
        for link in links.all {
            link.client.close(promise: nil)
            link.server.close(promise: nil)
        }
    }

    /// One proxied connection: the client's side and the server's side.
    private final class Link: Sendable {
        let client: any Channel
        let server: any Channel
        let silenced = Atomic(false)

        init(client: any Channel, server: any Channel) {
            self.client = client
            self.server = server
        }
    }

    private final class Links: Sendable {
        private let links = Mutex<[Link]>([])

        func add(_ link: Link) { links.withLock { $0.append(link) } }
        var all: [Link] { links.withLock { $0 } }
    }

    /// Copies what one side reads to the other side, until the link is silenced.
    private final class Relay: ChannelInboundHandler {
        typealias InboundIn = ByteBuffer
        private let peer: any Channel
        private let link: Link

        init(to peer: any Channel, link: Link) {
            self.peer = peer
            self.link = link
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            guard !link.silenced.load(ordering: .sequentiallyConsistent) else { return }
            peer.writeAndFlush(unwrapInboundIn(data), promise: nil)
        }

        func channelInactive(context: ChannelHandlerContext) {
            if !link.silenced.load(ordering: .sequentiallyConsistent) { peer.close(promise: nil) }
            context.fireChannelInactive()
        }

        func errorCaught(context: ChannelHandlerContext, error: any Error) {
            if !link.silenced.load(ordering: .sequentiallyConsistent) { context.close(promise: nil) }
        }
    }
}
