import EngineIO
import SocketIOProtocol

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

extension Array where Element == EngineFrame {
    /// Bytes of an encoded Socket.IO packet: its text (without the Engine.IO type character)
    /// and its attachments.
    var payloadSize: Int {
        reduce(0) { $0 + $1.bytes.readableBytes - ($1.kind == .text ? 1 : 0) }
    }
}
