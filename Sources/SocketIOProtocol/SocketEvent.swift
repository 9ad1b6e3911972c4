import Synchronization

/// An event received from the other side (by a server socket from its client, or by a client
/// socket from its server): its name, its arguments and, when the sender asked for one, the
/// acknowledgement to answer with.
public struct SocketEvent: Sendable {
    /// The event name (a numeric name arrives as its decimal text).
    public let name: String
    /// The arguments after the name.
    public let arguments: [SocketIOValue]
    /// Answers the client's acknowledgement; `nil` when none was requested.
    public let ack: SocketAck?

    /// Creates an event.
    public init(name: String, arguments: [SocketIOValue], ack: SocketAck? = nil) {
        self.name = name
        self.arguments = arguments
        self.ack = ack
    }

    /// Decodes argument `index` as a `Decodable` type; a missing argument decodes as `null`
    /// (so an `Optional` type gets `nil`).
    public func argument<T: Decodable>(_ index: Int = 0, as type: T.Type = T.self) throws -> T {
        try SocketIOValueDecoder().decode(type, from: arguments.indices.contains(index) ? arguments[index] : .null)
    }
}

/// The acknowledgement of one received event. Only the first call sends anything; later calls,
/// and calls after the socket disconnected, are ignored. Safe from any thread.
public struct SocketAck: Sendable {
    private let sent = SentFlag()
    private let sender: @Sendable ([SocketIOValue]) -> Void

    /// An acknowledgement that hands its arguments to `sender` (which writes the ACK packet).
    public init(sender: @escaping @Sendable ([SocketIOValue]) -> Void) {
        self.sender = sender
    }

    /// Acknowledges with these arguments (binary anywhere is sent as attachments).
    public func callAsFunction(_ arguments: SocketIOValue...) {
        send(arguments)
    }

    /// Acknowledges with an array of arguments.
    public func send(_ arguments: [SocketIOValue]) {
        guard sent.setOnce() else { return }
        sender(arguments)
    }

    /// Acknowledges with one `Encodable` value.
    public func send(encoding value: some Encodable) throws {
        send([try SocketIOValueEncoder().encode(value)])
    }

    private final class SentFlag: Sendable {
        private let value = Atomic<Bool>(false)
        func setOnce() -> Bool { !value.exchange(true, ordering: .relaxed) }
    }
}
