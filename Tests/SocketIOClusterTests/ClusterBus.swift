import NIOCore
import NIOPosix
import SocketIO
import SocketIOCluster
import SocketIOProtocol
import Synchronization

/// An in-process stand-in for PostgreSQL `NOTIFY`: every message goes through
/// `ClusterNotificationCodec` (inline JSON or a MessagePack attachment) and is delivered, in
/// publication order, on one event loop to every transport subscribed to its namespace, the
/// publisher included.
final class ClusterBus: Sendable {
    private let loop = MultiThreadedEventLoopGroup.singleton.next()
    private let codec = ClusterNotificationCodec()
    private let transports = Mutex<[BusTransport]>([])
    private let log = Mutex<[ClusterMessage]>([])

    /// A transport for one more server.
    func transport() -> BusTransport {
        let transport = BusTransport(bus: self)
        transports.withLock { $0.append(transport) }
        return transport
    }

    /// Every message published so far (decoded), in order.
    var published: [ClusterMessage] { log.withLock { $0 } }

    /// Delivers `message` as if another program (an emitter) had published it.
    func inject(_ message: ClusterMessage) {
        deliver(message)
    }

    fileprivate func deliver(_ message: ClusterMessage) {
        let channel = "socket.io#" + message.namespace
        let decoded: ClusterMessage
        do {
            switch codec.encode(message) {
            case .inline(let text):
                guard case .message(let inline) = try codec.decode(notification: text, channel: channel) else { return }
                decoded = inline
            case .attachment(let bytes, _, _):
                decoded = try codec.decode(attachment: bytes, channel: channel)
            }
        } catch {
            preconditionFailure("undecodable cluster message \(message): \(error)")
        }
        log.withLock { $0.append(decoded) }
        let receivers = transports.withLock { $0.compactMap { $0.receiver(for: decoded.namespace) } }
        loop.execute {
            for receive in receivers { receive(decoded) }
        }
    }
}

/// One server's connection to a `ClusterBus`. `isSilenced` drops what it publishes, as for a
/// node that hangs.
final class BusTransport: ClusterTransport {
    private let bus: ClusterBus
    private let receivers = Mutex<[String: @Sendable (ClusterMessage) -> Void]>([:])
    private let silenced = Atomic<Bool>(false)

    fileprivate init(bus: ClusterBus) {
        self.bus = bus
    }

    /// Connected, unless silenced.
    var status: AdapterStatus {
        AdapterStatus(transport: "bus", state: isSilenced ? "silenced" : "connected")
    }

    /// Whether this server's messages are dropped.
    var isSilenced: Bool {
        get { silenced.load(ordering: .relaxed) }
        set { silenced.store(newValue, ordering: .relaxed) }
    }

    func publish(_ message: ClusterMessage) {
        guard !isSilenced else { return }
        bus.deliver(message)
    }

    func subscribe(namespace: String, _ receive: @escaping @Sendable (ClusterMessage) -> Void) async {
        receivers.withLock { $0[namespace] = receive }
    }

    func unsubscribe(namespace: String) async {
        receivers.withLock { $0[namespace] = nil }
    }

    fileprivate func receiver(for namespace: String) -> (@Sendable (ClusterMessage) -> Void)? {
        receivers.withLock { $0[namespace] }
    }
}
