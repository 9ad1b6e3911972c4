import EngineIO
import NIOCore
import NIOWebSocket

/// A session's WebSocket: writes engine frames as WebSocket messages on its channel.
final class WebSocketConnection: EngineWebSocket {
    private let channel: any Channel
    private let sendsBinaryAsBase64: Bool

    /// `sendsBinaryAsBase64` is the legacy `b64` query flag: binary goes out as `b<base64>` text.
    init(channel: any Channel, sendsBinaryAsBase64: Bool) {
        self.channel = channel
        self.sendsBinaryAsBase64 = sendsBinaryAsBase64
    }

    func write(_ frame: EngineFrame) {
        let message: WebSocketFrame
        switch frame.kind {
        case .text:
            message = WebSocketFrame(fin: true, opcode: .text, data: frame.bytes)
        case .binary where sendsBinaryAsBase64:
            message = WebSocketFrame(fin: true, opcode: .text, data: frame.base64TextForm)
        case .binary:
            message = WebSocketFrame(fin: true, opcode: .binary, data: frame.bytes)
        }
        channel.writeAndFlush(message, promise: nil)
    }

    func close() {
        close(code: nil)
    }

    /// Sends a close frame (with `code`, or none) and closes the channel once it is written.
    func close(code: WebSocketErrorCode?) {
        var data = ByteBuffer()
        if let code { data.write(webSocketErrorCode: code) }
        let channel = self.channel
        channel.writeAndFlush(WebSocketFrame(fin: true, opcode: .connectionClose, data: data)).whenComplete { _ in
            channel.close(promise: nil)
        }
    }
}
