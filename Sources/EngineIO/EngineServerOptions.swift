import NIOCore

/// Options of an Engine.IO server, with the reference server's defaults.
public struct EngineServerOptions: Sendable {
    /// The decision of an `allowRequest` hook.
    public enum AllowRequestDecision: Sendable, Hashable {
        /// Let the handshake proceed.
        case allow
        /// Refuse it with error code 4; `message` replaces the default `Forbidden`.
        case deny(message: String?)
    }

    /// The request path the engine answers, with its trailing slash (`/engine.io/`; Socket.IO
    /// mounts it at `/socket.io/`). Requests must start with it.
    public var path: String = "/engine.io/"
    /// How long after the last pong the server sends a ping (25 s).
    public var pingInterval: TimeAmount = .milliseconds(25_000)
    /// How long the server waits for a pong before closing with `ping timeout` (20 s).
    public var pingTimeout: TimeAmount = .milliseconds(20_000)
    /// How long an upgrade may take from the WebSocket's arrival to its `5` packet (10 s).
    public var upgradeTimeout: TimeAmount = .milliseconds(10_000)
    /// The largest polling body or WebSocket message accepted, in bytes (1e6); advertised as `maxPayload`.
    public var maxHttpBufferSize: Int = 1_000_000
    /// Transports accepted (both by default).
    public var transports: Set<EngineTransportKind> = [.polling, .websocket]
    /// Whether polling sessions may upgrade to WebSocket.
    public var allowUpgrades: Bool = true
    /// CORS headers, or `nil` for none (the default).
    public var cors: CORSOptions? = nil
    /// The sticky-session cookie set on polling handshakes, or `nil` for none (the default).
    public var cookie: CookieOptions? = nil
    /// Most bytes that may wait for a slow client (unpolled polling buffer, or WebSocket backlog
    /// beyond the channel's write watermark) before the session closes with `send buffer full`.
    public var maxBufferedBytesPerSession: Int = 4 * 1024 * 1024
    /// Most packets in one polling response; python-engineio refuses more than 16.
    public var maxPacketsPerPollingResponse: Int = 16
    /// Called once per handshake request; may refuse it (error code 4). Runs off the event loop.
    public var allowRequest: (@Sendable (EngineRequest) async -> AllowRequestDecision)? = nil
    /// Adds headers to every response, the WebSocket `101` included; `isHandshake` is true for
    /// requests without a `sid` (the reference server's `initial_headers` and `headers` events).
    public var responseHeaders: (@Sendable (_ request: EngineRequest, _ isHandshake: Bool) -> [EngineHeader])? = nil
    /// Makes session ids; must be unguessable and unique. Defaults to 20 random URL-safe characters.
    public var generateId: @Sendable (EngineRequest) -> String = { _ in EngineSessionID.generate() }

    /// Creates options with the defaults.
    public init() {}
}

/// CORS headers for cross-origin browser clients, like the `cors` middleware Node uses.
public struct CORSOptions: Sendable {
    /// Which origins are allowed.
    public enum Origin: Sendable {
        /// `Access-Control-Allow-Origin: *`.
        case any
        /// Reflect the request's `Origin`.
        case reflect
        /// A fixed origin.
        case exactly(String)
        /// Reflect the request's `Origin` when it is in the list; otherwise send no origin header.
        case list([String])
    }

    /// Allowed origins.
    public var origin: Origin
    /// Sends `Access-Control-Allow-Credentials: true`.
    public var credentials: Bool = false
    /// Preflight `Access-Control-Allow-Methods`.
    public var methods: [String] = ["GET", "HEAD", "PUT", "PATCH", "POST", "DELETE"]
    /// Preflight `Access-Control-Allow-Headers`; `nil` echoes `Access-Control-Request-Headers`.
    public var allowedHeaders: [String]? = nil
    /// `Access-Control-Expose-Headers`.
    public var exposedHeaders: [String] = []
    /// Preflight `Access-Control-Max-Age`, in seconds.
    public var maxAge: Int? = nil

    /// Creates CORS options allowing `origin`.
    public init(origin: Origin) {
        self.origin = origin
    }

    /// The headers for a response to `request`; `isPreflight` adds the preflight-only ones.
    public func headers(for request: EngineRequest, isPreflight: Bool) -> [EngineHeader] {
        var headers: [EngineHeader] = []
        let requestOrigin = request.header("Origin")
        switch origin {
        case .any:
            headers.append(EngineHeader("Access-Control-Allow-Origin", "*"))
        case .reflect:
            if let requestOrigin { headers.append(EngineHeader("Access-Control-Allow-Origin", requestOrigin)) }
            headers.append(EngineHeader("Vary", "Origin"))
        case .exactly(let fixed):
            headers.append(EngineHeader("Access-Control-Allow-Origin", fixed))
            headers.append(EngineHeader("Vary", "Origin"))
        case .list(let allowed):
            if let requestOrigin, allowed.contains(requestOrigin) {
                headers.append(EngineHeader("Access-Control-Allow-Origin", requestOrigin))
            }
            headers.append(EngineHeader("Vary", "Origin"))
        }
        if credentials { headers.append(EngineHeader("Access-Control-Allow-Credentials", "true")) }
        if !exposedHeaders.isEmpty {
            headers.append(EngineHeader("Access-Control-Expose-Headers", exposedHeaders.joined(separator: ",")))
        }
        guard isPreflight else { return headers }
        headers.append(EngineHeader("Access-Control-Allow-Methods", methods.joined(separator: ",")))
        if let allowedHeaders {
            headers.append(EngineHeader("Access-Control-Allow-Headers", allowedHeaders.joined(separator: ",")))
        } else if let requested = request.header("Access-Control-Request-Headers") {
            headers.append(EngineHeader("Access-Control-Allow-Headers", requested))
            headers.append(EngineHeader("Vary", "Access-Control-Request-Headers"))
        }
        if let maxAge { headers.append(EngineHeader("Access-Control-Max-Age", String(maxAge))) }
        return headers
    }
}

/// The sticky-session cookie (`io=<sid>`) set on polling handshake responses.
public struct CookieOptions: Sendable, Hashable {
    /// The cookie name (`io`).
    public var name: String = "io"
    /// `Path` (`/`).
    public var path: String? = "/"
    /// `HttpOnly` (on).
    public var httpOnly: Bool = true
    /// `SameSite` (`Lax`).
    public var sameSite: String? = "Lax"
    /// `Secure`.
    public var secure: Bool = false
    /// `Domain`.
    public var domain: String? = nil
    /// `Max-Age`, in seconds.
    public var maxAge: Int? = nil

    /// Creates cookie options with the reference defaults.
    public init() {}

    /// The `Set-Cookie` value for session `sid`.
    public func headerValue(sid: String) -> String {
        var parts = ["\(name)=\(sid)"]
        if let path { parts.append("Path=\(path)") }
        if let domain { parts.append("Domain=\(domain)") }
        if let maxAge { parts.append("Max-Age=\(maxAge)") }
        if httpOnly { parts.append("HttpOnly") }
        if secure { parts.append("Secure") }
        if let sameSite { parts.append("SameSite=\(sameSite)") }
        return parts.joined(separator: "; ")
    }
}
