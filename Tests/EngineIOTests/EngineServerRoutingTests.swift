import Logging
import NIOCore
import NIOEmbedded
import Testing

@testable import EngineIO

@Suite("Request validation order (spec §9.1)")
struct EngineServerRoutingTests {
    private let server = EngineServer(logger: .silent) { _ in }

    private func route(_ uri: String, method: String = "GET", upgrade: Bool = false,
                       headers: [EngineHeader] = []) -> Result<EngineServer.Route, EngineRequestError> {
        server.route(EngineRequest(method: method, uri: uri, headers: headers, isWebSocketUpgrade: upgrade))
    }

    private func error(_ uri: String, method: String = "GET", upgrade: Bool = false,
                       headers: [EngineHeader] = []) -> EngineRequestError? {
        if case .failure(let error) = route(uri, method: method, upgrade: upgrade, headers: headers) { return error }
        return nil
    }

    @Test func pollingHandshake() {
        guard case .success(.handshake(.polling)) = route("/engine.io/?EIO=4&transport=polling&t=abc") else {
            Issue.record("expected a polling handshake")
            return
        }
    }

    @Test func webSocketHandshakeNeedsUpgradeHeaders() {
        #expect(error("/engine.io/?EIO=4&transport=websocket") == .badRequest)
        guard case .success(.handshake(.websocket)) = route("/engine.io/?EIO=4&transport=websocket", upgrade: true) else {
            Issue.record("expected a websocket handshake")
            return
        }
    }

    @Test(arguments: ["/engine.io/?EIO=4", "/engine.io/?EIO=4&transport=abc", "/engine.io/?EIO=4&transport=webtransport"])
    func unknownTransportIsCodeZero(_ uri: String) {
        #expect(error(uri) == .unknownTransport)
    }

    @Test func unknownSessionIsCodeOne() {
        #expect(error("/engine.io/?EIO=4&transport=polling&sid=nope") == .unknownSession)
    }

    @Test(arguments: ["POST", "PUT"])
    func handshakeOtherThanGETIsCodeTwo(_ method: String) {
        #expect(error("/engine.io/?EIO=4&transport=polling", method: method) == .badHandshakeMethod)
    }

    @Test func controlCharacterInOriginIsCodeThree() {
        #expect(error("/engine.io/?EIO=4&transport=polling", headers: [EngineHeader("Origin", "http://a\u{1}")]) == .badRequest)
        #expect(error("/engine.io/?EIO=4&transport=polling", headers: [EngineHeader("Origin", "http://a.example")]) == nil)
    }

    @Test(arguments: ["/engine.io/?transport=polling", "/engine.io/?EIO=3&transport=polling",
                      "/engine.io/?EIO=abc&transport=polling", "/engine.io/?EIO=04&transport=polling"])
    func protocolOtherThanFourIsCodeFive(_ uri: String) {
        #expect(error(uri) == .unsupportedProtocolVersion)
    }

    @Test func transportIsCheckedBeforeProtocolVersion() {
        #expect(error("/engine.io/?EIO=3&transport=abc") == .unknownTransport)
    }

    @Test func disabledTransportIsUnknown() {
        var options = EngineServerOptions()
        options.transports = [.websocket]
        let server = EngineServer(options: options, logger: .silent) { _ in }
        let request = EngineRequest(method: "GET", uri: "/engine.io/?EIO=4&transport=polling", headers: [])
        guard case .failure(.unknownTransport) = server.route(request) else {
            Issue.record("polling must be refused when disabled")
            return
        }
    }

    @Test func queryIsPercentDecodedAndFirstValueWins() {
        let request = EngineRequest(method: "GET", uri: "/x/?a=1%202&a=3&b=c+d&flag", headers: [])
        #expect(request.path == "/x/")
        #expect(request.query == ["a": "1 2", "b": "c d", "flag": ""])
    }

    @Test func pathMustStartWithTheMountPointAndItsSlash() {
        #expect(server.handles(path: "/engine.io/"))
        #expect(!server.handles(path: "/engine.io"))
        #expect(!server.handles(path: "/socket.io/"))
    }

    @Test func sessionIdsAreTwentyURLSafeCharactersAndDistinct() {
        let ids = (0..<1000).map { _ in EngineSessionID.generate() }
        #expect(Set(ids).count == ids.count)
        for id in ids.prefix(20) {
            #expect(id.utf8.count == 20)
            #expect(id.unicodeScalars.allSatisfy { $0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "-" || $0 == "_" })
        }
    }

    @Test func openPacketAdvertisesExactlyTheFiveKeys() throws {
        let loop = EmbeddedEventLoop()
        let response = server.openPollingSession(for: EngineRequest(method: "GET", uri: "/engine.io/?EIO=4&transport=polling", headers: []), on: loop)
        let body = String(buffer: response.body)
        let sid = try #require(server.session(id: String(body.dropFirst(9).prefix(20))))
        #expect(body == #"0{"sid":"\#(sid.id)","upgrades":["websocket"],"pingInterval":25000,"pingTimeout":20000,"maxPayload":1000000}"#)
        #expect(response.contentType == "text/plain; charset=UTF-8")
        #expect(response.headers.isEmpty)
        sid.close(reason: .serverShuttingDown)
        #expect(server.sessionCount == 0)
    }

    @Test func cookieIsSetOnThePollingHandshakeWhenEnabled() {
        var options = EngineServerOptions()
        options.cookie = CookieOptions()
        let server = EngineServer(options: options, logger: .silent) { _ in }
        let loop = EmbeddedEventLoop()
        let response = server.openPollingSession(for: EngineRequest(method: "GET", uri: "/engine.io/?EIO=4&transport=polling", headers: []), on: loop)
        let body = String(buffer: response.body)
        let sid = String(body.dropFirst(9).prefix(20))
        #expect(response.headers == [EngineHeader("Set-Cookie", "io=\(sid); Path=/; HttpOnly; SameSite=Lax")])
        server.closeAllSessions()
    }
}
