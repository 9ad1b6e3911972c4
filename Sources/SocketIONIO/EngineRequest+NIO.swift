import EngineIO
import NIOCore
import NIOHTTP1

extension EngineRequest {
    /// Builds the engine's view of an HTTP request head received on `channel`.
    init(head: HTTPRequestHead, channel: any Channel) {
        let upgrade = head.headers["Upgrade"].first?.lowercased() == "websocket"
        self.init(method: head.method.rawValue, uri: head.uri,
                  headers: head.headers.map { EngineHeader($0.name, $0.value) },
                  remoteAddress: channel.remoteAddress?.ipAddress,
                  isSecure: false, isWebSocketUpgrade: upgrade)
    }
}

extension HTTPHeaders {
    /// Appends engine headers.
    mutating func add(_ headers: [EngineHeader]) {
        for header in headers { add(name: header.name, value: header.value) }
    }
}
