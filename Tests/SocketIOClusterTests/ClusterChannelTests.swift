import SocketIOCluster
import Testing

@Suite("Notification channels (adapter-protocol §4.2)")
struct ClusterChannelTests {
    @Test func channelIsPrefixHashNamespace() throws {
        #expect(try ClusterChannel.name(namespace: "/") == "socket.io#/")
        #expect(try ClusterChannel.name(prefix: "app", namespace: "/Admin") == "app#/Admin")
    }

    @Test func namesOf63BytesAreAccepted() throws {
        let namespace = "/" + String(repeating: "n", count: 52)
        #expect(try ClusterChannel.name(namespace: namespace).utf8.count == 63)
    }

    @Test func namesOf64BytesAreRefused() {
        let namespace = "/" + String(repeating: "n", count: 53)
        #expect(throws: ClusterChannelError.nameTooLong("socket.io#" + namespace, byteCount: 64)) {
            try ClusterChannel.name(namespace: namespace)
        }
    }

    @Test func lengthCountsUTF8Bytes() {
        #expect(throws: ClusterChannelError.nameTooLong("socket.io#/" + String(repeating: "é", count: 27), byteCount: 65)) {
            try ClusterChannel.name(namespace: "/" + String(repeating: "é", count: 27))
        }
    }

    @Test func namespaceOfAChannel() {
        #expect(ClusterChannel.namespace(ofChannel: "socket.io#/chat") == "/chat")
        #expect(ClusterChannel.namespace(ofChannel: "socket.io#") == "")
        #expect(ClusterChannel.namespace(ofChannel: "socket.io/chat") == nil)
        #expect(ClusterChannel.namespace(ofChannel: "app#/chat", prefix: "app") == "/chat")
    }

    @Test func identifierIsQuotedWithEmbeddedQuotesDoubled() {
        #expect(ClusterChannel.quotedIdentifier("socket.io#/") == #""socket.io#/""#)
        #expect(ClusterChannel.quotedIdentifier(#"socket.io#/a"b"#) == #""socket.io#/a""b""#)
    }
}
