/// How a cluster adapter's link to the other nodes is doing, for operators (the admin namespace
/// reports it in `server_stats.x_adapter`). Adapters without a cluster have none.
public struct AdapterStatus: Sendable, Hashable {
    /// What carries the cluster (`postgres`).
    public var transport: String
    /// `connected`, `reconnecting` or `closed`.
    public var state: String
    /// Why, when not connected (`listening connection lost: …`).
    public var detail: String?

    /// A status with these values.
    public init(transport: String, state: String, detail: String? = nil) {
        self.transport = transport
        self.state = state
        self.detail = detail
    }
}
