import EngineIO
import NIOCore
import SocketIOClient
import SocketIOProtocol
import Testing

/// The transport setups every main behaviour is checked over.
enum TransportChoice: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case polling
    case websocket
    /// Polling first, then the upgrade to WebSocket.
    case upgrade

    var transports: [EngineTransportKind] {
        switch self {
        case .polling: [.polling]
        case .websocket: [.websocket]
        case .upgrade: [.polling, .websocket]
        }
    }

    /// The transport the session ends up on.
    var settled: EngineTransportKind { self == .polling ? .polling : .websocket }

    var testDescription: String { rawValue }
}

extension SocketIOClientOptions {
    /// Options for tests: `choice`'s transports, short reconnection delays without jitter.
    static func testing(_ choice: TransportChoice = .websocket) -> SocketIOClientOptions {
        var options = SocketIOClientOptions()
        options.transports = choice.transports
        options.reconnectionDelay = .milliseconds(50)
        options.reconnectionDelayMax = .milliseconds(200)
        options.randomizationFactor = 0
        options.timeout = .seconds(5)
        return options
    }
}

/// Everything a client socket reports through `events()`, recorded from before it connects.
final class SocketLog: Sendable {
    let entries = Inbox<ClientSocketEvent>()
    private let pump: Task<Void, Never>

    init(_ socket: ClientSocket) {
        let stream = socket.events()
        let entries = entries
        pump = Task { for await entry in stream { entries.append(entry) } }
    }

    deinit { pump.cancel() }

    /// Waits for the `n`th connect and returns its socket id and recovery flag.
    @discardableResult
    func connected(_ n: Int = 1) async throws -> (id: String, recovered: Bool) {
        let connects = try await entries.wait(for: n, "connects") { $0.connected != nil }
        return connects[n - 1].connected!
    }

    /// Waits for the `n`th disconnect and returns its reason.
    @discardableResult
    func disconnected(_ n: Int = 1) async throws -> String {
        let disconnects = try await entries.wait(for: n, "disconnects") { $0.disconnectReason != nil }
        return disconnects[n - 1].disconnectReason!
    }

    /// Waits for the `n`th event named `name`.
    @discardableResult
    func event(_ name: String, _ n: Int = 1) async throws -> SocketEvent {
        let events = try await entries.wait(for: n, "\"\(name)\" events") { $0.event?.name == name }
        return events[n - 1].event!
    }
}

/// Every connection-level event of a manager, recorded from its creation.
final class ManagerLog: Sendable {
    let entries = Inbox<SocketManager.ManagerEvent>()

    init(_ manager: SocketManager) {
        let entries = entries
        manager.on { entries.append($0) }
    }

    /// The names of the events so far (`reconnectAttempt(2)` → `"reconnectAttempt 2"`).
    var names: [String] { entries.values.map(\.name) }

    /// Waits until `n` events named `name` (without their detail) arrived.
    func wait(for n: Int = 1, _ name: String) async throws {
        try await entries.wait(for: n, name) { $0.name.split(separator: " ").first.map(String.init) == name }
    }
}

extension ClientSocketEvent {
    var connected: (id: String, recovered: Bool)? {
        if case .connect(let id, let recovered) = self { (id, recovered) } else { nil }
    }

    var disconnectReason: String? {
        if case .disconnect(let reason) = self { reason } else { nil }
    }

    var connectError: SocketIOClientError? {
        if case .connectError(let error) = self { error } else { nil }
    }

    var event: SocketEvent? {
        if case .event(let event) = self { event } else { nil }
    }
}

extension SocketManager.ManagerEvent {
    /// The event's name, with its number when it has one.
    var name: String {
        switch self {
        case .open: "open"
        case .error: "error"
        case .close: "close"
        case .reconnectAttempt(let attempt): "reconnectAttempt \(attempt)"
        case .reconnect(let attempts): "reconnect \(attempts)"
        case .reconnectError: "reconnectError"
        case .reconnectFailed: "reconnectFailed"
        case .upgrade(let transport): "upgrade \(transport.rawValue)"
        }
    }
}

extension SocketIOValue {
    /// Bytes as a binary value.
    static func bytes(_ bytes: [UInt8]) -> SocketIOValue { .binary(ByteBuffer(bytes: bytes)) }
}
