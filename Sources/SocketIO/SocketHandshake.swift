import EngineIO
import SocketIOProtocol

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What a socket knows of the request that opened its connection (`socket.handshake`).
public struct SocketHandshake: Sendable, Hashable {
    /// Request headers, names lower-cased.
    public var headers: [String: String]
    /// When the connection opened, as JavaScript's `Date.toString()` prints it (UTC).
    public var time: String
    /// The client's address.
    public var address: String
    /// Whether the request had an `Origin` header.
    public var xdomain: Bool
    /// Whether the connection uses TLS.
    public var secure: Bool
    /// When the connection opened, in milliseconds since 1970.
    public var issued: Int64
    /// The target of the first request (`/socket.io/?EIO=4&transport=polling&t=…`).
    public var url: String
    /// The query of that request.
    public var query: [String: String]
    /// The CONNECT payload (`{}` when the client sent none).
    public var auth: SocketIOObject

    /// A handshake with the given members (e.g. that of a socket on another cluster node).
    public init(headers: [String: String], time: String, address: String, xdomain: Bool, secure: Bool,
                issued: Int64, url: String, query: [String: String], auth: SocketIOObject) {
        self.headers = headers
        self.time = time
        self.address = address
        self.xdomain = xdomain
        self.secure = secure
        self.issued = issued
        self.url = url
        self.query = query
        self.auth = auth
    }

    /// Builds the handshake of a socket from its Engine.IO session and its CONNECT payload.
    init(request: EngineRequest, auth: SocketIOObject, issued: Int64 = Self.nowMilliseconds()) {
        var headers: [String: String] = [:]
        for header in request.headers where headers[header.name.lowercased()] == nil {
            headers[header.name.lowercased()] = header.value
        }
        self.init(headers: headers, time: Self.javaScriptDateString(milliseconds: issued),
                  address: request.remoteAddress ?? "", xdomain: request.header("Origin") != nil,
                  secure: request.isSecure, issued: issued, url: request.uri, query: request.query, auth: auth)
    }

    static func nowMilliseconds() -> Int64 {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        return Int64(now.tv_sec) * 1000 + Int64(now.tv_nsec) / 1_000_000
    }

    /// `Fri Nov 27 2026 03:50:16 GMT+0000 (Coordinated Universal Time)`.
    static func javaScriptDateString(milliseconds: Int64) -> String {
        var seconds = time_t(milliseconds / 1000)
        var parts = tm()
        gmtime_r(&seconds, &parts)
        var buffer = [CChar](repeating: 0, count: 64)
        let length = strftime(&buffer, buffer.count, "%a %b %d %Y %H:%M:%S", &parts)
        let prefix = String(decoding: buffer.prefix(length).map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return prefix + " GMT+0000 (Coordinated Universal Time)"
    }
}
