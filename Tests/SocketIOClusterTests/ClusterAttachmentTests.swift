import NIOCore
import SocketIO
import SocketIOCluster
import SocketIOProtocol
import Testing

/// adapter-protocol.md §4.5: BROADCAST of `emit("file", <01 02 03>)` to all, uid
/// `0123456789abcdef`, namespace `/`.
let fileBroadcastVector = hex("""
    84 a4 74 79 70 65 03 a4 64 61 74 61 82 a6 70 61 63 6b 65 74 82 a4 74 79 70 65 02 a4 64 61 74 61
    92 a4 66 69 6c 65 c4 03 01 02 03 a4 6f 70 74 73 83 a5 72 6f 6f 6d 73 90 a6 65 78 63 65 70 74 90
    a5 66 6c 61 67 73 80 a3 75 69 64 b0 30 31 32 33 34 35 36 37 38 39 61 62 63 64 65 66 a3 6e 73 70
    a1 2f
    """)

let fileBroadcast = ClusterMessage(
    uid: "0123456789abcdef",
    namespace: "/",
    body: .broadcast(BroadcastBody(packet: .event("file", [binary([1, 2, 3])]), options: ClusterBroadcastOptions()))
)

@Suite("Cluster messages through the attachment table (adapter-protocol §4.4, §4.5)")
struct ClusterAttachmentTests {
    @Test func vectorIs98Bytes() {
        #expect(fileBroadcastVector.count == 98)
    }

    @Test func messagePackOfTheVectorValue() throws {
        let value: SocketIOValue = [
            "type": 3,
            "data": [
                "packet": ["type": 2, "data": ["file", binary([1, 2, 3])]],
                "opts": ["rooms": [], "except": [], "flags": [:]],
            ],
            "uid": "0123456789abcdef",
            "nsp": "/",
        ]
        #expect(messagePack(value) == fileBroadcastVector)
        #expect(try decodeMessagePack(fileBroadcastVector) == value)
    }

    @Test func binaryBroadcastIsEncodedAsTheVector() {
        let expected = ClusterNotificationCodec.Encoded.attachment(
            ByteBuffer(bytes: fileBroadcastVector), uid: "0123456789abcdef", type: .broadcast
        )
        #expect(codec.encode(fileBroadcast) == expected)
    }

    @Test func vectorDecodesToTheBinaryBroadcast() throws {
        #expect(try codec.decode(attachment: ByteBuffer(bytes: fileBroadcastVector), channel: "socket.io#/") == fileBroadcast)
    }

    @Test func binaryInAFetchSocketsResponseGoesToTheAttachmentTable() throws {
        let socket = SocketDescription(
            id: "sJdC9hJ8Q5l2C3iIAAAB",
            handshake: SocketDescription.Handshake(issued: 1_750_862_120_000),
            rooms: ["sJdC9hJ8Q5l2C3iIAAAB"],
            data: ["avatar": binary([0xff, 0xd8])]
        )
        let message = ClusterMessage(
            uid: "b1b2b3b4b5b6b7b8", namespace: "/",
            body: .fetchSocketsResponse(FetchSocketsResponseBody(requestID: "99aa88bb77cc66dd", sockets: [socket]))
        )
        guard case .attachment(let bytes, "b1b2b3b4b5b6b7b8", .fetchSocketsResponse) = codec.encode(message) else {
            Issue.record("not sent as an attachment")
            return
        }
        #expect(try codec.decode(attachment: bytes, channel: "socket.io#/") == message)
    }

    /// A SERVER_SIDE_EMIT whose inline JSON is exactly `length` bytes.
    func serverSideEmit(jsonLength length: Int) -> ClusterMessage {
        func message(_ text: String) -> ClusterMessage {
            ClusterMessage(uid: "a1a2a3a4a5a6a7a8", namespace: "/", body: .serverSideEmit(ServerSideEmitBody(packet: [.string(text)])))
        }
        guard case .inline(let empty) = codec.encode(message("")) else { preconditionFailure("short message not inline") }
        return message(String(repeating: "x", count: length - empty.utf8.count))
    }

    @Test func jsonShorterThanTheThresholdIsInline() {
        guard case .inline(let text) = codec.encode(serverSideEmit(jsonLength: 7999)) else {
            Issue.record("7999 bytes not inline")
            return
        }
        #expect(text.utf8.count == 7999)
    }

    @Test func jsonOfThresholdLengthGoesToTheAttachmentTable() throws {
        let message = serverSideEmit(jsonLength: 8000)
        guard case .attachment(let bytes, _, .serverSideEmit) = codec.encode(message) else {
            Issue.record("8000 bytes not an attachment")
            return
        }
        #expect(try codec.decode(attachment: bytes, channel: "socket.io#/") == message)
    }

    @Test func thresholdIsConfigurable() {
        let small = ClusterNotificationCodec(payloadThreshold: 10)
        guard case .attachment = small.encode(ClusterMessage(uid: "a", namespace: "/", body: .heartbeat)) else {
            Issue.record("not an attachment")
            return
        }
    }

    @Test func headerIsJSONWithAStringID() {
        let header = ClusterAttachmentHeader(uid: "a1a2a3a4a5a6a7a8", type: .broadcast, attachmentID: 42)
        #expect(header.jsonText == #"{"uid":"a1a2a3a4a5a6a7a8","type":3,"attachmentId":"42"}"#)
    }

    @Test(arguments: [
        #"{"uid":"a1a2a3a4a5a6a7a8","type":3,"attachmentId":"42"}"#,
        #"{"uid":"a1a2a3a4a5a6a7a8","type":3,"attachmentId":42}"#,
    ])
    func headerIDMayBeAStringOrANumber(_ payload: String) throws {
        let expected = ClusterAttachmentHeader(uid: "a1a2a3a4a5a6a7a8", type: .broadcast, attachmentID: 42)
        #expect(try codec.decode(notification: payload, channel: "socket.io#/") == .attachment(expected))
    }

    @Test func headerIDMustBeAnInteger() {
        #expect(throws: ClusterMessageDecodingError.invalidField("attachmentId")) {
            try codec.decode(notification: #"{"uid":"a","type":3,"attachmentId":"4x"}"#, channel: "socket.io#/")
        }
    }

    @Test func attachmentThatIsNotMessagePackIsReported() {
        #expect(throws: ClusterMessageDecodingError.invalidMessagePack(.invalidByte(0xc1, offset: 0))) {
            try codec.decode(attachment: ByteBuffer(bytes: [0xc1]), channel: "socket.io#/")
        }
    }
}
