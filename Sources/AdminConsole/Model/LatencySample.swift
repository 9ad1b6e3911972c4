import SocketIOProtocol

/// One heartbeat round trip of one Engine.IO client (`x_latency`, spec §9.3).
public struct LatencySample: Sendable, Hashable {
    /// The client (joined to sockets by `clientId`).
    public var clientId: String
    /// Round trip, milliseconds.
    public var roundTripMilliseconds: Double
    /// The transport it was measured on.
    public var transport: String
    /// When the pong arrived.
    public var at: Timestamp?

    /// A sample with these values.
    public init(clientId: String, roundTripMilliseconds: Double, transport: String = "websocket", at: Timestamp? = nil) {
        self.clientId = clientId
        self.roundTripMilliseconds = roundTripMilliseconds
        self.transport = transport
        self.at = at
    }

    /// The sample in one entry of `x_latency.samples`.
    init?(value: SocketIOValue) {
        guard let object = value.objectValue, let clientId = object["clientId"]?.stringValue,
              let roundTrip = object["rttMs"]?.numberValue else { return nil }
        self.init(clientId: clientId, roundTripMilliseconds: roundTrip,
                  transport: object["transport"]?.stringValue ?? "", at: Timestamp(object["timestamp"]))
    }
}
