import EngineIO
import NIOCore
import SocketIOProtocol
import Testing

/// The frames of `packet` as the wire shows them: text frames as strings, binary frames as bytes.
enum WireFrame: Equatable, CustomStringConvertible {
    case text(String)
    case binary([UInt8])

    init(_ frame: EngineFrame) {
        switch frame.kind {
        case .text: self = .text(String(buffer: frame.bytes))
        case .binary: self = .binary(Array(frame.bytes.readableBytesView))
        }
    }

    var description: String {
        switch self {
        case .text(let text): text
        case .binary(let bytes): "binary \(bytes)"
        }
    }
}

func wireFrames(of packet: SocketIOPacket) -> [WireFrame] {
    SocketIOPacketEncoder.encode(packet).map(WireFrame.init)
}

/// Decodes the Socket.IO text of one packet (without the Engine.IO `4`) with a fresh decoder.
func decodeText(_ text: String) throws(SocketIODecodingError) -> SocketIOPacket? {
    var decoder = SocketIOPacketDecoder()
    return try decoder.decode(.message(text))
}

/// Decodes a WebSocket text frame (with the Engine.IO `4`) and the binary frames after it,
/// expecting no packet before the last one.
func decodeWire(_ text: String, attachments: [[UInt8]] = []) throws -> SocketIOPacket? {
    var decoder = SocketIOPacketDecoder()
    var packet = try decoder.decode(EnginePacket(decodingText: text))
    for attachment in attachments {
        #expect(packet == nil, "a packet came out before its last attachment")
        packet = try decoder.decode(.message(ByteBuffer(bytes: attachment)))
    }
    return packet
}

func json(_ text: String) throws -> SocketIOValue {
    try SocketIOValue(parsingJSON: text)
}

func bytes(_ values: UInt8...) -> SocketIOValue {
    .binary(ByteBuffer(bytes: values))
}
