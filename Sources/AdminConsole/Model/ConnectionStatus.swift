/// The console's link to the admin namespace, as the status line shows it.
public enum ConnectionStatus: Sendable, Hashable {
    /// The first attempt is under way.
    case connecting
    /// Connected to the admin namespace.
    case connected
    /// The connection was lost (with the reason; empty: unchanged) and reconnection is under
    /// way (`attempt` 0 before the first retry).
    case reconnecting(reason: String, attempt: Int)
    /// The server refused the admin connection (wrong password, unknown namespace, …).
    case refused(message: String)
}
