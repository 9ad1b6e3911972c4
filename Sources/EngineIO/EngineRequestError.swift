import NIOCore

/// A request refused before it reaches a session, with the reference server's error codes.
public enum EngineRequestError: Error, Sendable, Hashable {
    /// Code 0: missing, unknown or disabled `transport`.
    case unknownTransport
    /// Code 1: `sid` is not in the session table.
    case unknownSession
    /// Code 2: a handshake request (no `sid`) that is not a `GET`.
    case badHandshakeMethod
    /// Code 3: invalid Origin, transport mismatch, WebSocket handshake without upgrade, hook failure.
    case badRequest
    /// Code 4: the `allowRequest` hook refused, optionally with its own message.
    case forbidden(message: String?)
    /// Code 5: `EIO` is not exactly `4`.
    case unsupportedProtocolVersion

    /// The numeric code sent in the JSON body.
    public var code: Int {
        switch self {
        case .unknownTransport: 0
        case .unknownSession: 1
        case .badHandshakeMethod: 2
        case .badRequest: 3
        case .forbidden: 4
        case .unsupportedProtocolVersion: 5
        }
    }

    /// The message sent in the JSON body (the hook's own message for a refusal that has one).
    public var message: String {
        switch self {
        case .unknownTransport: "Transport unknown"
        case .unknownSession: "Session ID unknown"
        case .badHandshakeMethod: "Bad handshake method"
        case .badRequest: "Bad request"
        case .forbidden(let message): message ?? "Forbidden"
        case .unsupportedProtocolVersion: "Unsupported protocol version"
        }
    }

    /// The HTTP status of a polling error response: 403 for code 4, otherwise 400.
    public var pollingStatus: Int {
        if case .forbidden = self { return 403 }
        return 400
    }

    /// The polling error response: status, `application/json`, `{"code":N,"message":"…"}`.
    public var pollingResponse: EngineHTTPResponse {
        var body = ByteBuffer()
        body.writeString(#"{"code":\#(code),"message":"#)
        JSONString.write(message, into: &body)
        body.writeString("}")
        return EngineHTTPResponse(status: pollingStatus, contentType: "application/json", body: body)
    }
}
