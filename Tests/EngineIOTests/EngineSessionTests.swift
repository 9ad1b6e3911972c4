import Logging
import NIOCore
import NIOEmbedded
import Testing

@testable import EngineIO

/// A polling request that records its answer.
private final class RecordingResponder: EnginePollingResponder, @unchecked Sendable {
    var responses: [EngineHTTPResponse] = []
    func respond(_ response: EngineHTTPResponse) { responses.append(response) }
    var bodies: [String] { responses.map { String(buffer: $0.body) } }
}

/// A WebSocket that records what is written to it.
private final class RecordingWebSocket: EngineWebSocket, @unchecked Sendable {
    var frames: [EngineFrame] = []
    var isClosed = false
    var isWritable = true
    func write(_ frame: EngineFrame, backlogLimit: Int) -> Bool {
        frames.append(frame)
        return isWritable || frames.count < 3
    }
    func close() { isClosed = true }
    var texts: [String] { frames.map { String(buffer: $0.bytes) } }
}

@Suite("Session behaviour on a virtual clock")
struct EngineSessionTests {
    private let loop = EmbeddedEventLoop()
    private let server: EngineServer
    private let closes = Recorder<EngineCloseReason>()
    private let messages = Recorder<EnginePacket>()

    init() {
        var options = EngineServerOptions()
        options.pingInterval = .milliseconds(300)
        options.pingTimeout = .milliseconds(200)
        let closes = self.closes
        let messages = self.messages
        server = EngineServer(options: options, logger: .silent) { session in
            session.onClose = { closes.append($0) }
            session.onMessage = { messages.append($0) }
        }
    }

    private func openPolling() throws -> EngineSession {
        let response = server.openPollingSession(for: EngineRequest(method: "GET", uri: "/engine.io/?EIO=4&transport=polling", headers: []), on: loop)
        return try #require(server.session(id: String(String(buffer: response.body).dropFirst(9).prefix(20))))
    }

    private func post(_ text: String, to session: EngineSession, contentType: String = "text/plain") -> RecordingResponder {
        let responder = RecordingResponder()
        if session.beginPost(responder) {
            session.finishPost(body: ByteBuffer(string: text), contentType: contentType, responder: responder)
        }
        return responder
    }

    @Test func pingIsSentAfterThePingIntervalAndAPongKeepsTheSessionAlive() throws {
        let session = try openPolling()
        let poll = RecordingResponder()
        session.handlePoll(poll)
        loop.advanceTime(by: .milliseconds(299))
        #expect(poll.responses.isEmpty)
        loop.advanceTime(by: .milliseconds(1))
        #expect(poll.bodies == ["2"])
        loop.advanceTime(by: .milliseconds(150))
        #expect(post("3", to: session).bodies == ["ok"])
        loop.advanceTime(by: .milliseconds(250))
        #expect(closes.values.isEmpty)
        #expect(server.sessionCount == 1)
        session.close(reason: .serverShuttingDown)
    }

    @Test func noPongWithinPingTimeoutClosesWithPingTimeout() throws {
        _ = try openPolling()
        loop.advanceTime(by: .milliseconds(499))
        #expect(closes.values.isEmpty)
        loop.advanceTime(by: .milliseconds(1))
        #expect(closes.values == [.pingTimeout])
        #expect(server.sessionCount == 0)
    }

    @Test func otherTrafficDoesNotPostponeThePongDeadline() throws {
        let session = try openPolling()
        loop.advanceTime(by: .milliseconds(400))
        _ = post("4hello", to: session)
        loop.advanceTime(by: .milliseconds(100))
        #expect(closes.values == [.pingTimeout])
    }

    @Test func postedMessagesAreDeliveredInOrderBeforeOk() throws {
        let session = try openPolling()
        let responder = post("4a\u{1e}4b", to: session)
        #expect(messages.values == [.message("a"), .message("b")])
        #expect(responder.bodies == ["ok"])
        session.close(reason: .serverShuttingDown)
    }

    @Test func parseErrorKeepsEarlierPacketsAndClosesTheSession() throws {
        let session = try openPolling()
        let responder = post("4a\u{1e}abc\u{1e}4b", to: session)
        #expect(messages.values == [.message("a")])
        #expect(responder.responses.map(\.status) == [400])
        #expect(closes.values == [.parseError])
    }

    @Test func binaryContentTypeIsRefusedAndClosesTheSession() throws {
        let session = try openPolling()
        #expect(post("4a", to: session, contentType: "application/octet-stream").responses.map(\.status) == [400])
        #expect(closes.values == [.transportError])
    }

    @Test func duplicatePollIsRefusedAndTheHeldOneGetsClose() throws {
        let session = try openPolling()
        let first = RecordingResponder()
        let second = RecordingResponder()
        session.handlePoll(first)
        session.handlePoll(second)
        #expect(second.responses.map(\.status) == [400])
        #expect(first.bodies == ["1"])
        #expect(closes.values == [.transportError])
    }

    @Test func clientCloseReleasesTheHeldPollWithNoop() throws {
        let session = try openPolling()
        let held = RecordingResponder()
        session.handlePoll(held)
        #expect(post("1", to: session).bodies == ["ok"])
        #expect(held.bodies == ["6"])
        #expect(closes.values == [.transportClose])
    }

    @Test func clientPingIsATransportError() throws {
        let session = try openPolling()
        _ = post("2", to: session)
        #expect(closes.values == [.transportError])
    }

    @Test func abortedHeldPollClosesWithTransportError() throws {
        let session = try openPolling()
        let held = RecordingResponder()
        session.handlePoll(held)
        session.pollAborted(held)
        #expect(closes.values == [.transportError])
    }

    @Test func fullUpgradeMovesTrafficToTheWebSocket() throws {
        let session = try openPolling()
        var upgraded: [EngineTransportKind] = []
        session.onUpgrade = { upgraded.append($0) }
        let held = RecordingResponder()
        session.handlePoll(held)
        let socket = RecordingWebSocket()
        #expect(session.beginUpgrade(socket))
        session.handleWebSocketMessage(.success(EnginePacket(.ping, .text("probe"))), from: socket)
        #expect(socket.texts == ["3probe"])
        #expect(held.responses.isEmpty)
        loop.advanceTime(by: .milliseconds(100))
        #expect(held.bodies == ["6"])
        session.send(EnginePacket.message("queued").frame)
        session.handleWebSocketMessage(.success(EnginePacket(.upgrade)), from: socket)
        #expect(upgraded == [.websocket])
        #expect(socket.texts == ["3probe", "4queued"])
        session.handleWebSocketMessage(.success(.message("hi")), from: socket)
        #expect(messages.values == [.message("hi")])
        let late = RecordingResponder()
        session.handlePoll(late)
        #expect(String(buffer: late.responses[0].body) == #"{"code":3,"message":"Bad request"}"#)
        session.webSocketClosed(socket)
        #expect(closes.values == [.transportClose])
    }

    @Test func upgradeTimeoutClosesTheProbeSocketAndPollingGoesOn() throws {
        let session = try openPolling()
        let socket = RecordingWebSocket()
        #expect(session.beginUpgrade(socket))
        loop.advanceTime(by: .seconds(10))
        #expect(socket.isClosed)
        #expect(session.transport == .polling)
        session.close(reason: .serverShuttingDown)
    }

    @Test func secondSocketDuringUpgradeIsRefused() throws {
        let session = try openPolling()
        #expect(session.beginUpgrade(RecordingWebSocket()))
        #expect(!session.beginUpgrade(RecordingWebSocket()))
        session.close(reason: .serverShuttingDown)
    }

    @Test func webSocketSessionWritesOpenPacketFirstAndEchoesNothingUnasked() {
        let socket = RecordingWebSocket()
        let session = server.openWebSocketSession(for: EngineRequest(method: "GET", uri: "/engine.io/?EIO=4&transport=websocket", headers: [], isWebSocketUpgrade: true), socket: socket, on: loop)
        #expect(socket.texts.count == 1)
        #expect(socket.texts[0].hasPrefix(#"0{"sid":"\#(session.id)","upgrades":[]"#))
        session.handleWebSocketMessage(.failure(.unknownPacketType(UInt8(ascii: "a"))), from: socket)
        #expect(closes.values == [.parseError])
        #expect(socket.isClosed)
    }

    @Test func serverCloseOnWebSocketFlushesThenClosesTheSocket() {
        let socket = RecordingWebSocket()
        let session = server.openWebSocketSession(for: EngineRequest(method: "GET", uri: "/engine.io/?EIO=4&transport=websocket", headers: [], isWebSocketUpgrade: true), socket: socket, on: loop)
        session.send(EnginePacket.message("bye").frame)
        session.close()
        #expect(socket.texts.last == "4bye")
        #expect(socket.isClosed)
        #expect(closes.values == [.forcedClose])
    }

    @Test func webSocketClientThatDoesNotReadIsClosedWithSendBufferFull() {
        let socket = RecordingWebSocket()
        let session = server.openWebSocketSession(for: EngineRequest(method: "GET", uri: "/engine.io/?EIO=4&transport=websocket", headers: [], isWebSocketUpgrade: true), socket: socket, on: loop)
        socket.isWritable = false
        session.send(EnginePacket.message("volatile").frame, volatile: true)
        #expect(socket.frames.count == 1)
        session.send(EnginePacket.message("a").frame)
        #expect(closes.values.isEmpty)
        session.send(EnginePacket.message("b").frame)
        #expect(closes.values == [.sendBufferFull])
    }

    @Test func secondPostWhileTheFirstIsStreamingIsRefusedAndClosesTheSession() throws {
        let session = try openPolling()
        let first = RecordingResponder()
        #expect(session.beginPost(first))
        let second = RecordingResponder()
        #expect(!session.beginPost(second))
        #expect(second.responses.map(\.status) == [400])
        #expect(closes.values == [.transportError])
    }

    @Test func postWhoseConnectionDropsClosesTheSession() throws {
        let session = try openPolling()
        let post = RecordingResponder()
        #expect(session.beginPost(post))
        session.abandonPost(post, connectionLost: true)
        #expect(closes.values == [.transportError])
    }

    @Test func refusedOversizedPostLeavesTheSessionOpen() throws {
        let session = try openPolling()
        let post = RecordingResponder()
        #expect(session.beginPost(post))
        session.abandonPost(post, connectionLost: false)
        #expect(closes.values.isEmpty)
        #expect(self.post("4next", to: session).bodies == ["ok"])
        session.close(reason: .serverShuttingDown)
    }
}

/// Collects values reported from the (embedded) event loop.
final class Recorder<Value: Sendable>: @unchecked Sendable {
    private(set) var values: [Value] = []
    func append(_ value: Value) { values.append(value) }
}
