/// A server address as the client needs it: scheme, host, port and the namespace a URL's path
/// names (`http://host:3000/admin` → namespace `/admin`, as the official client reads it).
public struct ServerURL: Sendable, Hashable {
    /// Whether the connection uses TLS (`https`/`wss`).
    public let isSecure: Bool
    /// The host name or address.
    public let host: String
    /// The TCP port (80/443 by default).
    public let port: Int
    /// The namespace in the URL's path, `/` when none.
    public let namespace: String

    /// Parses `http://`, `https://`, `ws://` and `wss://` URLs.
    public init(_ string: String) throws(SocketIOClientError) {
        let parts = string.split(separator: "://", maxSplits: 1, omittingEmptySubsequences: false)
        guard parts.count == 2 else { throw .invalidURL(string) }
        let scheme = parts[0].lowercased()
        switch scheme {
        case "http", "ws": isSecure = false
        case "https", "wss": isSecure = true
        default: throw .invalidURL(string)
        }
        var rest = parts[1]
        if let query = rest.firstIndex(where: { $0 == "?" || $0 == "#" }) { rest = rest[..<query] }
        let authority = rest.prefix { $0 != "/" }
        let path = rest.dropFirst(authority.count)
        var hostPart = Substring(authority)
        var port = isSecure ? 443 : 80
        if hostPart.hasPrefix("[") {
            guard let close = hostPart.firstIndex(of: "]") else { throw .invalidURL(string) }
            let portText = hostPart[hostPart.index(after: close)...].dropFirst()
            if !portText.isEmpty {
                guard let value = Int(portText) else { throw .invalidURL(string) }
                port = value
            }
            hostPart = hostPart[hostPart.index(after: hostPart.startIndex)..<close]
        } else if let colon = hostPart.lastIndex(of: ":") {
            guard let value = Int(hostPart[hostPart.index(after: colon)...]) else { throw .invalidURL(string) }
            port = value
            hostPart = hostPart[..<colon]
        }
        guard !hostPart.isEmpty, (1...65535).contains(port) else { throw .invalidURL(string) }
        host = String(hostPart)
        self.port = port
        let trimmed = path.hasSuffix("/") ? path.dropLast() : path
        namespace = trimmed.isEmpty ? "/" : String(trimmed)
    }

    /// `host:port` for the `Host` header.
    var hostHeader: String {
        let name = host.contains(":") ? "[\(host)]" : host
        return (port == (isSecure ? 443 : 80)) ? name : "\(name):\(port)"
    }
}
