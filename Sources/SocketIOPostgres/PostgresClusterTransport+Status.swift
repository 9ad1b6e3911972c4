import SocketIO
import SocketIOCluster

extension PostgresClusterTransport {
    /// `state` as the admin namespace reports it.
    public var status: AdapterStatus {
        switch state {
        case .connected: AdapterStatus(transport: "postgres", state: "connected")
        case .reconnecting(let reason): AdapterStatus(transport: "postgres", state: "reconnecting", detail: reason)
        case .closed: AdapterStatus(transport: "postgres", state: "closed")
        }
    }
}
