import NIOCore

/// The long-polling payload codec: packets joined by the record separator `0x1E`.
public enum EnginePayload {
    /// The record separator between packets of one polling payload.
    public static let recordSeparator: UInt8 = 0x1E

    /// The result of decoding a payload: the packets decoded before the first failure, and that
    /// failure if any. The reference server processes the packets before a failure, then closes.
    public struct DecodingResult: Sendable, Hashable {
        /// Packets decoded in order, up to the first failure.
        public var packets: [EnginePacket]
        /// Why decoding stopped early, or `nil` when every piece decoded.
        public var failure: EngineDecodingError?
    }

    /// Decodes a polling body. An empty body or an empty piece (such as after a trailing
    /// separator) is a failure.
    public static func decode(_ body: ByteBufferView) -> DecodingResult {
        var packets: [EnginePacket] = []
        var pieceStart = body.startIndex
        while true {
            let pieceEnd = body[pieceStart...].firstIndex(of: recordSeparator) ?? body.endIndex
            do {
                packets.append(try EnginePacket(decodingText: body[pieceStart..<pieceEnd]))
            } catch {
                return DecodingResult(packets: packets, failure: error)
            }
            guard pieceEnd != body.endIndex else { return DecodingResult(packets: packets, failure: nil) }
            pieceStart = body.index(after: pieceEnd)
        }
    }

    /// Encodes frames into one polling payload.
    public static func encode<Frames: Sequence<EngineFrame>>(_ frames: Frames) -> ByteBuffer {
        var buffer = ByteBuffer()
        var first = true
        for frame in frames {
            if !first { buffer.writeInteger(recordSeparator) }
            first = false
            frame.writePollingForm(into: &buffer)
        }
        return buffer
    }
}
