import SocketIO
import SocketIOProtocol

extension SocketHandshake {
    /// The handshake a FETCH_SOCKETS_RESPONSE describes. Header and query values that are not
    /// strings (Node sends repeated ones as arrays) become their strings joined with `,`, or their
    /// JSON text.
    init(_ description: SocketDescription.Handshake) {
        self.init(
            headers: Self.strings(description.headers), time: description.time, address: description.address,
            xdomain: description.xdomain, secure: description.secure, issued: description.issued,
            url: description.url, query: Self.strings(description.query), auth: description.auth
        )
    }

    private static func strings(_ object: SocketIOObject) -> [String: String] {
        var strings: [String: String] = [:]
        for (key, value) in object.members {
            if let string = value.stringValue {
                strings[key] = string
            } else if let parts = value.arrayValue?.compactMap(\.stringValue), parts.count == value.arrayValue?.count {
                strings[key] = parts.joined(separator: ",")
            } else {
                strings[key] = value.jsonString
            }
        }
        return strings
    }
}
