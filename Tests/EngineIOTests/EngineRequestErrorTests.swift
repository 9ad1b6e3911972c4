import NIOCore
import Testing

@testable import EngineIO

@Suite("Error table (spec §9.2)")
struct EngineRequestErrorTests {
    @Test(arguments: [
        (EngineRequestError.unknownTransport, 400, #"{"code":0,"message":"Transport unknown"}"#),
        (.unknownSession, 400, #"{"code":1,"message":"Session ID unknown"}"#),
        (.badHandshakeMethod, 400, #"{"code":2,"message":"Bad handshake method"}"#),
        (.badRequest, 400, #"{"code":3,"message":"Bad request"}"#),
        (.forbidden(message: nil), 403, #"{"code":4,"message":"Forbidden"}"#),
        (.forbidden(message: "Not \"authorized\""), 403, #"{"code":4,"message":"Not \"authorized\""}"#),
        (.unsupportedProtocolVersion, 400, #"{"code":5,"message":"Unsupported protocol version"}"#),
    ])
    func pollingResponse(error: EngineRequestError, status: Int, body: String) {
        let response = error.pollingResponse
        #expect(response.status == status)
        #expect(response.contentType == "application/json")
        #expect(String(buffer: response.body) == body)
    }
}
