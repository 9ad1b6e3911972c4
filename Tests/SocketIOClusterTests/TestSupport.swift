import NIOCore
import SocketIOCluster
import SocketIOProtocol
import Synchronization

/// The MessagePack bytes of `value`.
func messagePack(_ value: SocketIOValue) -> [UInt8] {
    var buffer = ByteBuffer()
    MessagePackEncoder.encode(value, into: &buffer)
    return Array(buffer.readableBytesView)
}

/// The value MessagePack `bytes` decode to.
func decodeMessagePack(_ bytes: [UInt8]) throws(MessagePackDecodingError) -> SocketIOValue {
    try MessagePackDecoder.decode(ByteBuffer(bytes: bytes))
}

/// Bytes written as hex pairs separated by whitespace: `"84 a4 74"`.
func hex(_ text: String) -> [UInt8] {
    text.split(whereSeparator: \.isWhitespace).map { UInt8($0, radix: 16)! }
}

/// A `.binary` value.
func binary(_ bytes: [UInt8]) -> SocketIOValue {
    .binary(ByteBuffer(bytes: bytes))
}
