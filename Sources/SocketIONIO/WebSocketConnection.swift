import EngineIO
import NIOCore
import NIOWebSocket
import Synchronization

/// A session's WebSocket: writes engine frames as WebSocket messages on its channel.
///
/// Bytes written while the channel is over its write watermark count as backlog; the handler
/// resets the count when the channel drains (`writabilityChanged`). A client whose backlog passes
/// the session's limit does not read, and is closed by the session.
final class WebSocketConnection: EngineWebSocket {
    private let channel: any Channel
    private let sendsBinaryAsBase64: Bool
    private let backlogBytes = Atomic<Int>(0)
    /// Whether a flush is already scheduled for the end of the current event-loop tick.
    private let flushScheduled: NIOLoopBoundBox<Bool>

    /// `sendsBinaryAsBase64` is the legacy `b64` query flag: binary goes out as `b<base64>` text.
    init(channel: any Channel, sendsBinaryAsBase64: Bool) {
        self.channel = channel
        self.sendsBinaryAsBase64 = sendsBinaryAsBase64
        flushScheduled = NIOLoopBoundBox(false, eventLoop: channel.eventLoop)
    }

    var isWritable: Bool { channel.isWritable }

    func write(_ frame: EngineFrame, backlogLimit: Int) -> Bool {
        let message: WebSocketFrame
        switch frame.kind {
        case .text:
            message = WebSocketFrame(fin: true, opcode: .text, data: frame.bytes)
        case .binary where sendsBinaryAsBase64:
            message = WebSocketFrame(fin: true, opcode: .text, data: frame.base64TextForm)
        case .binary:
            message = WebSocketFrame(fin: true, opcode: .binary, data: frame.bytes)
        }
        if !channel.isWritable {
            let backlog = backlogBytes.add(frame.bytes.readableBytes, ordering: .relaxed).newValue
            if backlog > backlogLimit { return false }
        }
        guard channel.eventLoop.inEventLoop else {
            channel.writeAndFlush(message, promise: nil)
            return true
        }
        // Frames written in one tick of the loop (the acks of one read, the frames of a binary
        // event, a broadcast's task on this loop) leave in one flush, so one `writev`.
        channel.write(message, promise: nil)
        if !flushScheduled.value {
            flushScheduled.value = true
            let channel = channel
            let flushScheduled = flushScheduled
            channel.eventLoop.execute {
                flushScheduled.value = false
                channel.flush()
            }
        }
        return true
    }

    /// The channel drained below its watermark: the backlog is gone.
    func drained() {
        backlogBytes.store(0, ordering: .relaxed)
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
