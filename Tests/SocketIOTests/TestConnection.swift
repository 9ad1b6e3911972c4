import EngineIO
import NIOCore
import NIOPosix
import SocketIO
import SocketIOProtocol
import SocketIOTestSupport
import Synchronization

/// A client connection driven by hand: an Engine.IO WebSocket session on a real event loop,
/// whose outgoing frames the test reads in order (bounded waits, no sleeps).
final class TestConnection: EngineWebSocket, Sendable {
    private struct Inbox {
        var frames: [EngineFrame] = []
        var waiter: (id: Int, continuation: CheckedContinuation<EngineFrame?, Never>)?
        var nextWaiterID = 0
        var closed = false
    }

    private let inbox = Mutex(Inbox())
    private let sessionBox = Mutex<EngineSession?>(nil)

    /// The server-side Engine.IO session of this connection.
    var session: EngineSession { sessionBox.withLock { $0! } }

    /// Opens a WebSocket-only session on `server`; the open packet is consumed.
    init(_ server: SocketIOServer, query: String = "", headers: [EngineHeader] = []) async throws {
        let request = EngineRequest(method: "GET", uri: "/socket.io/?EIO=4&transport=websocket\(query)", headers: headers,
                                    remoteAddress: "127.0.0.1", isWebSocketUpgrade: true)
        let loop = MultiThreadedEventLoopGroup.singleton.next()
        let session = try await loop.submit { [self] in
            server.engine.openWebSocketSession(for: request, socket: self, on: loop)
        }.get()
        sessionBox.withLock { $0 = session }
        let open = try await nextText()
        precondition(open.hasPrefix("0{"), "expected the open packet, got \(open)")
    }

    // MARK: EngineWebSocket

    func write(_ frame: EngineFrame, backlogLimit: Int) -> Bool {
        let waiter = inbox.withLock { inbox -> CheckedContinuation<EngineFrame?, Never>? in
            guard let waiter = inbox.waiter else {
                inbox.frames.append(frame)
                return nil
            }
            inbox.waiter = nil
            return waiter.continuation
        }
        waiter?.resume(returning: frame)
        return true
    }

    var isWritable: Bool { true }

    func close() {
        let waiter = inbox.withLock { inbox -> CheckedContinuation<EngineFrame?, Never>? in
            inbox.closed = true
            defer { inbox.waiter = nil }
            return inbox.waiter?.continuation
        }
        waiter?.resume(returning: nil)
    }

    /// Whether the server closed the socket.
    var isClosed: Bool { inbox.withLock { $0.closed } }

    // MARK: client side

    /// Sends a Socket.IO packet in text form (without the Engine.IO `4`).
    func send(_ text: String) {
        let packet = EnginePacket.message(text)
        session.eventLoop.execute { [self] in session.handleWebSocketMessage(.success(packet), from: self) }
    }

    /// Sends a binary attachment.
    func send(binary bytes: [UInt8]) {
        let packet = EnginePacket.message(ByteBuffer(bytes: bytes))
        session.eventLoop.execute { [self] in session.handleWebSocketMessage(.success(packet), from: self) }
    }

    /// Closes the connection from the client side.
    func disconnectTransport() {
        session.eventLoop.execute { [self] in session.webSocketClosed(self) }
    }

    /// The next frame the server wrote, within `timeout`.
    func nextFrame(timeout: Duration = .seconds(5)) async throws -> EngineFrame {
        let frame = await withCheckedContinuation { (continuation: CheckedContinuation<EngineFrame?, Never>) in
            let waiterID = inbox.withLock { inbox -> Int? in
                if !inbox.frames.isEmpty {
                    continuation.resume(returning: inbox.frames.removeFirst())
                    return nil
                }
                if inbox.closed {
                    continuation.resume(returning: nil)
                    return nil
                }
                inbox.nextWaiterID += 1
                inbox.waiter = (inbox.nextWaiterID, continuation)
                return inbox.nextWaiterID
            }
            guard let waiterID else { return }
            Task {
                try? await Task.sleep(for: timeout)
                let expired = inbox.withLock { inbox -> CheckedContinuation<EngineFrame?, Never>? in
                    guard inbox.waiter?.id == waiterID else { return nil }
                    defer { inbox.waiter = nil }
                    return inbox.waiter?.continuation
                }
                expired?.resume(returning: nil)
            }
        }
        guard let frame else {
            if isClosed { throw ClosedByServer() }
            throw TestTimeout()
        }
        return frame
    }

    /// The next text frame as a string (Engine.IO type character included).
    func nextText(timeout: Duration = .seconds(5)) async throws -> String {
        String(buffer: try await nextFrame(timeout: timeout).bytes)
    }

    /// Connects to `namespace` (`40` / `40/nsp,`) and returns the socket id from the reply.
    @discardableResult
    func connect(_ namespace: String = "/", auth: String = "") async throws -> String {
        let prefix = namespace == "/" ? "" : namespace + ","
        send("0" + prefix + auth)
        let reply = try await nextText()
        guard reply.hasPrefix("40" + prefix + "{\"sid\":\"") else { throw UnexpectedFrame(reply) }
        return String(reply.dropFirst(("40" + prefix + "{\"sid\":\"").count).prefix(20))
    }
}

/// The server closed the session while the test waited for a frame.
struct ClosedByServer: Error {}
