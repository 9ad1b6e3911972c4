import NIOCore

/// A response the engine asks its host to send on a polling request. The host adds the
/// headers every response carries (`Content-Length`, `cache-control: no-store`, CORS).
public struct EngineHTTPResponse: Sendable, Hashable {
    /// The HTTP status code.
    public var status: Int
    /// The `Content-Type`, or `nil` for an empty body without one.
    public var contentType: String?
    /// Extra headers (such as `Set-Cookie`), in order.
    public var headers: [EngineHeader]
    /// The body.
    public var body: ByteBuffer

    /// Creates a response.
    public init(status: Int, contentType: String?, headers: [EngineHeader] = [], body: ByteBuffer = ByteBuffer()) {
        self.status = status
        self.contentType = contentType
        self.headers = headers
        self.body = body
    }

    /// `200` with a polling payload (`text/plain; charset=UTF-8`).
    public static func payload(_ body: ByteBuffer) -> EngineHTTPResponse {
        EngineHTTPResponse(status: 200, contentType: "text/plain; charset=UTF-8", body: body)
    }

    /// `200 ok` (`text/html`), the answer to an accepted POST.
    public static let ok = EngineHTTPResponse(status: 200, contentType: "text/html", body: ByteBuffer(string: "ok"))

    /// An empty-bodied failure, used for transport-level errors (duplicate request, binary POST, 413).
    public static func failure(status: Int) -> EngineHTTPResponse {
        EngineHTTPResponse(status: status, contentType: nil)
    }
}

/// One HTTP header name and value.
public struct EngineHeader: Sendable, Hashable {
    /// The header name.
    public var name: String
    /// The header value.
    public var value: String

    /// Creates a header.
    public init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }
}
