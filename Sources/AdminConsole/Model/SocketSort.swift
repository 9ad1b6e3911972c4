/// The sockets table's sort column (`s` cycles, `r` reverses).
public enum SocketSort: Int, Sendable, Hashable, CaseIterable {
    /// Oldest connection first.
    case connected
    /// By id.
    case id
    /// By namespace, then id.
    case namespace
    /// By transport, then id.
    case transport
    /// By address, then id.
    case address
    /// Highest latency first (unknown last).
    case latency
    /// Most recent event first.
    case lastEvent

    /// The column's name in the status line.
    public var title: String {
        switch self {
        case .connected: "connected"
        case .id: "id"
        case .namespace: "namespace"
        case .transport: "transport"
        case .address: "address"
        case .latency: "latency"
        case .lastEvent: "last event"
        }
    }

    /// The next sort column, wrapping around.
    var next: SocketSort {
        SocketSort(rawValue: (rawValue + 1) % Self.allCases.count) ?? .connected
    }
}
