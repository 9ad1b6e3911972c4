import EngineIO
import SocketIOProtocol
import Synchronization

/// Watches a server's namespaces and sockets, for metrics and the admin namespace. Methods run
/// on the socket's event loop (or the creating thread for namespaces) and must return quickly.
public protocol SocketIOObserver: AnyObject, Sendable {
    /// A namespace was created (the main one excepted).
    func namespaceCreated(_ namespace: Namespace)
    /// A socket connected: after the CONNECT reply, before the application's connection handlers.
    func socketConnected(_ socket: Socket)
    /// A socket disconnected; it leaves its rooms right after (so room events follow).
    func socketDisconnected(_ socket: Socket, reason: DisconnectReason)
    /// The application assigned `socket.data`.
    func socketDataChanged(_ socket: Socket)
    /// A client sent an event (before any listener runs).
    func eventReceived(_ socket: Socket, event: SocketEvent)
    /// An event was written to `recipients` (once per emit or broadcast, not per recipient).
    func eventSent(_ packet: SocketIOPacket, to recipients: [Socket])
}

/// The observers of one server.
final class SocketIOObservers: Sendable {
    private let list = Mutex<[any SocketIOObserver]>([])
    private let isEmpty = Atomic<Bool>(true)

    func add(_ observer: any SocketIOObserver) {
        list.withLock { $0.append(observer) }
        isEmpty.store(false, ordering: .releasing)
    }

    /// Calls `body` for each observer (one atomic load when there is none).
    func notify(_ body: (any SocketIOObserver) -> Void) {
        guard !isEmpty.load(ordering: .acquiring) else { return }
        for observer in list.withLock({ $0 }) { body(observer) }
    }
}

/// Socket.IO packets and bytes through one namespace (text plus attachments, without Engine.IO
/// framing), counted always with relaxed atomic adds. Outgoing counts once per recipient.
public final class NamespaceTraffic: Sendable {
    private let packetsIn = Atomic<Int>(0)
    private let bytesIn = Atomic<Int>(0)
    private let packetsOut = Atomic<Int>(0)
    private let bytesOut = Atomic<Int>(0)

    init() {}

    /// Totals since the namespace was created.
    public var totals: (packetsIn: Int, bytesIn: Int, packetsOut: Int, bytesOut: Int) {
        (packetsIn.load(ordering: .relaxed), bytesIn.load(ordering: .relaxed),
         packetsOut.load(ordering: .relaxed), bytesOut.load(ordering: .relaxed))
    }

    func received(bytes: Int) {
        packetsIn.wrappingAdd(1, ordering: .relaxed)
        bytesIn.wrappingAdd(bytes, ordering: .relaxed)
    }

    func sent(packets: Int, bytesEach: Int) {
        packetsOut.wrappingAdd(packets, ordering: .relaxed)
        bytesOut.wrappingAdd(packets * bytesEach, ordering: .relaxed)
    }
}

extension Array where Element == EngineFrame {
    /// Bytes of an encoded Socket.IO packet: its text (without the Engine.IO type character)
    /// and its attachments.
    var payloadSize: Int {
        reduce(0) { $0 + $1.bytes.readableBytes - ($1.kind == .text ? 1 : 0) }
    }
}
