/// What the engine needs to know of an HTTP request: its method, target, headers and peer.
///
/// The host builds one per request; the session keeps the handshake's for the upper layers
/// (Socket.IO's `socket.handshake`).
public struct EngineRequest: Sendable, Hashable {
    /// The HTTP method, upper case.
    public var method: String
    /// The request target as received (path and query).
    public var uri: String
    /// Headers in the order received.
    public var headers: [EngineHeader]
    /// The peer's address (`127.0.0.1`), when known.
    public var remoteAddress: String?
    /// Whether the connection uses TLS.
    public var isSecure: Bool
    /// Whether this is a WebSocket upgrade request (`Upgrade: websocket`).
    public var isWebSocketUpgrade: Bool

    /// The path part of `uri`.
    public let path: String
    /// The decoded query parameters; the first value wins when a name repeats.
    public let query: [String: String]

    /// Creates a request, splitting and percent-decoding the query of `uri`.
    public init(method: String, uri: String, headers: [EngineHeader], remoteAddress: String? = nil,
                isSecure: Bool = false, isWebSocketUpgrade: Bool = false) {
        self.method = method
        self.uri = uri
        self.headers = headers
        self.remoteAddress = remoteAddress
        self.isSecure = isSecure
        self.isWebSocketUpgrade = isWebSocketUpgrade
        let parts = uri.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
        self.path = String(parts.first ?? "")
        var query: [String: String] = [:]
        if parts.count == 2 {
            for pair in parts[1].split(separator: "&") {
                let keyValue = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                let name = PercentDecoding.decode(keyValue[0])
                let value = keyValue.count == 2 ? PercentDecoding.decode(keyValue[1]) : ""
                if query[name] == nil { query[name] = value }
            }
        }
        self.query = query
    }

    /// The first value of the header `name` (case-insensitive).
    public func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }
}

/// Decodes `%XX` escapes and `+` (as a space) in query components.
enum PercentDecoding {
    static func decode(_ component: Substring) -> String {
        guard component.contains(where: { $0 == "%" || $0 == "+" }) else { return String(component) }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(component.utf8.count)
        var iterator = component.utf8.makeIterator()
        while let byte = iterator.next() {
            switch byte {
            case UInt8(ascii: "+"):
                bytes.append(UInt8(ascii: " "))
            case UInt8(ascii: "%"):
                let high = iterator.next().flatMap(hexValue)
                let low = iterator.next().flatMap(hexValue)
                if let high, let low { bytes.append(high << 4 | low) } else { bytes.append(byte) }
            default:
                bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
