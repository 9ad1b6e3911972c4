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
    /// While the channel delivers a batch of reads: writes wait for the flush at its end.
    private let readBatch: NIOLoopBoundBox<ReadBatch>

    /// Where the channel is in a batch of reads.
    private enum ReadBatch {
        /// Not reading: writes flush at once.
        case idle
        /// Reading, with or without writes waiting for the batch's flush.
        case reading(unflushed: Bool)
    }

    /// `sendsBinaryAsBase64` is the legacy `b64` query flag: binary goes out as `b<base64>` text.
    init(channel: any Channel, sendsBinaryAsBase64: Bool) {
        self.channel = channel
        self.sendsBinaryAsBase64 = sendsBinaryAsBase64
        readBatch = NIOLoopBoundBox(.idle, eventLoop: channel.eventLoop)
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
        // Frames written while the channel delivers a batch of reads (the acks of a client's
        // events) leave in one flush, so one `writev`, when the batch ends.
        if channel.eventLoop.inEventLoop, case .reading = readBatch.value {
            channel.write(message, promise: nil)
            readBatch.value = .reading(unflushed: true)
        } else {
            channel.writeAndFlush(message, promise: nil)
        }
        return true
    }

    /// The channel starts delivering a batch of reads (called on its loop).
    func readBatchStarted() {
        if case .idle = readBatch.value { readBatch.value = .reading(unflushed: false) }
    }

    /// The batch of reads ended: flush what was written during it (called on its loop).
    func readBatchEnded() {
        if case .reading(unflushed: true) = readBatch.value { channel.flush() }
        readBatch.value = .idle
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
