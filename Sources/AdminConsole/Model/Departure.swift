/// A socket that went away, kept a while so its detail view can say why.
public struct Departure: Sendable, Hashable {
    /// The socket as it was last known.
    public var socket: AdminSocket
    /// The Socket.IO disconnect reason.
    public var reason: String
    /// The operator's reason, when it was kicked from a console.
    public var kickReason: String?
    /// When it left.
    public var at: Timestamp
}
