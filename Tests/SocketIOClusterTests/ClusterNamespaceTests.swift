import SocketIOCluster
import SocketIOProtocol
import Testing

@Suite("Namespace of messages without nsp (emitters, adapters before 0.4)")
struct ClusterNamespaceTests {
    let emitterBroadcast =
        #"{"type":3,"data":{"packet":{"type":2,"data":["news"],"nsp":"/feed"},"opts":{"rooms":[],"except":[],"flags":{}}},"uid":"emitter"}"#

    @Test func comesFromTheChannel() throws {
        let message = try inlineMessage(emitterBroadcast, channel: "socket.io#/chat")
        #expect(message.namespace == "/chat")
        #expect(message.uid == ClusterMessage.emitterUID)
    }

    @Test func comesFromThePacketWhenTheChannelHasAnotherPrefix() throws {
        #expect(try inlineMessage(emitterBroadcast, channel: "other#/chat").namespace == "/feed")
    }

    @Test func nspInTheEnvelopeWins() throws {
        #expect(try inlineMessage(#"{"type":2,"uid":"a","nsp":"/admin"}"#, channel: "socket.io#/").namespace == "/admin")
    }

    @Test func comesFromTheChannelOfACustomPrefix() throws {
        let codec = ClusterNotificationCodec(channelPrefix: "app")
        let notification = try codec.decode(notification: #"{"type":2,"uid":"a"}"#, channel: "app#/admin")
        #expect(notification == .message(ClusterMessage(uid: "a", namespace: "/admin", body: .heartbeat)))
    }

    @Test func missingEverywhereIsAnError() {
        #expect(throws: ClusterMessageDecodingError.missingNamespace) {
            try inlineMessage(#"{"type":2,"uid":"a"}"#, channel: "elsewhere")
        }
    }
}
