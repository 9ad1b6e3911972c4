import EngineIO
import NIOCore
import SocketIOProtocol

/// The Socket.IO side of one Engine.IO session: decodes its messages (reassembling binary
/// attachments), holds its socket in each namespace it joined, and enforces the connect timeout.
///
/// Confined to the session's event loop; `onLoop` hops there from elsewhere.
final class SocketIOConnection: @unchecked Sendable {
    let session: EngineSession
    private let server: SocketIOServer  // a live connection keeps its server alive
    private var decoder: SocketIOPacketDecoder
    private var sockets: [String: Socket] = [:]
    private var connecting: Set<String> = []
    private var connectTimer: Scheduled<Void>?
    private var isClosed = false
    /// Payload bytes of the packet being decoded (its text and attachments so far).
    private var incomingBytes = 0

    init(session: EngineSession, server: SocketIOServer) {
        self.session = session
        self.server = server
        self.decoder = SocketIOPacketDecoder(maxAttachments: server.options.maxAttachments)
    }

    /// Wires the connection to its session; called on the session's loop from the engine's
    /// connection handler.
    func start() {
        session.onMessage = { [self] packet in received(packet) }
        session.onClose = { [self] reason in closed(DisconnectReason(reason)) }
        connectTimer = session.eventLoop.scheduleTask(in: server.options.connectTimeout) { [self] in
            guard sockets.isEmpty, connecting.isEmpty else { return }
            session.close()
        }
    }

    /// Runs `work` on the connection's loop (at once when already there).
    func onLoop(_ work: @escaping @Sendable (SocketIOConnection) -> Void) {
        if session.eventLoop.inEventLoop {
            work(self)
        } else {
            session.eventLoop.execute { work(self) }
        }
    }

    // MARK: incoming

    private func received(_ packet: EnginePacket) {
        switch packet.payload {
        case .text(let text)?: incomingBytes += text.utf8.count
        case .binary(let bytes)?: incomingBytes += bytes.readableBytes
        case nil: break
        }
        let decoded: SocketIOPacket?
        do {
            decoded = try decoder.decode(packet)
        } catch {
            protocolError(error)
            return
        }
        guard let decoded else { return }
        sockets[decoded.namespace]?.namespace.traffic.received(bytes: incomingBytes)
        incomingBytes = 0
        switch decoded.kind {
        case .connect:
            connect(decoded)
        case .connectError:
            violation()
        case .event, .binaryEvent, .ack, .binaryAck, .disconnect:
            guard let socket = sockets[decoded.namespace] else {
                violation()
                return
            }
            switch decoded.kind {
            case .event, .binaryEvent: socket.received(event: decoded)
            case .ack, .binaryAck: socket.received(ack: decoded)
            default: socket.closed(.clientNamespaceDisconnect)
            }
        }
    }

    /// An undecodable Socket.IO packet: every socket hears the error, then the session closes
    /// (sockets disconnect with `forced close`).
    private func protocolError(_ error: any Error) {
        for socket in sockets.values { socket.emitError(error) }
        session.close()
    }

    /// A packet that breaks the protocol's state rules: close everything (`forced server close`).
    private func violation() {
        disconnectAll(sendingDisconnect: false, reason: .forcedServerClose)
        session.close()
    }

    private func connect(_ packet: SocketIOPacket) {
        let name = packet.namespace
        if sockets[name] != nil {
            violation()
            return
        }
        guard connecting.insert(name).inserted else { return }
        let auth: SocketIOObject
        if case .object(let object)? = packet.data { auth = object } else { auth = SocketIOObject() }
        server.resolveNamespace(name, auth: auth, on: session.eventLoop) { [self] namespace in
            guard let namespace else {
                connecting.remove(name)
                session.send(SocketIOPacketEncoder.encode(.connectError(message: "Invalid namespace", namespace: name)))
                return
            }
            namespace.admit(connection: self, auth: auth)
        }
    }

    // MARK: joining (called by Namespace on the loop)

    /// Whether the session is still open (a middleware may outlive it).
    var isOpen: Bool { !isClosed }

    /// The namespace's middlewares refused the socket.
    func refused(_ name: String, error: SocketIOMiddlewareError) {
        connecting.remove(name)
        session.send(SocketIOPacketEncoder.encode(.connectError(message: error.message, data: error.data, namespace: name)))
    }

    /// The socket is accepted: it is registered with its connection before the CONNECT reply.
    func joined(_ socket: Socket) {
        connecting.remove(socket.namespace.name)
        sockets[socket.namespace.name] = socket
        connectTimer?.cancel()
        connectTimer = nil
    }

    /// Forgets the socket of namespace `name` (it disconnected).
    func remove(_ name: String) {
        sockets[name] = nil
    }

    /// Disconnects every socket of this connection with `reason`; with `sendingDisconnect`, each
    /// client is told with a DISCONNECT packet first.
    func disconnectAll(sendingDisconnect: Bool, reason: DisconnectReason) {
        for socket in Array(sockets.values) {
            if sendingDisconnect { socket.write(SocketIOPacket(kind: .disconnect, namespace: socket.namespace.name)) }
            socket.closed(reason)
        }
    }

    private func closed(_ reason: DisconnectReason) {
        isClosed = true
        connectTimer?.cancel()
        disconnectAll(sendingDisconnect: false, reason: reason)
    }
}
