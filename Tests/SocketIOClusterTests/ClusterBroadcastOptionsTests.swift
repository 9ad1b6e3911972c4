import NIOCore
import SocketIO
import SocketIOCluster
import Testing

@Suite("Broadcast options on the wire and in the adapter")
struct ClusterBroadcastOptionsTests {
    @Test func roomSetsBecomeSortedArrays() {
        let options = ClusterBroadcastOptions(BroadcastOptions(rooms: ["b", "c", "a"], except: ["z", "y"]))
        #expect(options.rooms == ["a", "b", "c"])
        #expect(options.except == ["y", "z"])
    }

    @Test func defaultFlagsAreNotSent() {
        #expect(ClusterBroadcastOptions(BroadcastOptions()).flags == ClusterBroadcastFlags())
    }

    @Test func setFlagsAreSentAndLocalIsNot() {
        var flags = BroadcastFlags()
        flags.volatile = true
        flags.compress = false
        flags.local = true
        flags.timeout = .seconds(5)
        #expect(ClusterBroadcastFlags(flags) == ClusterBroadcastFlags(volatile: true, compress: false, timeout: .milliseconds(5000)))
    }

    @Test func wireOptionsBecomeAdapterOptions() {
        let wire = ClusterBroadcastOptions(
            rooms: ["room1"], except: ["sid"],
            flags: ClusterBroadcastFlags(volatile: true, timeout: .milliseconds(1000), expectSingleResponse: true)
        )
        var flags = BroadcastFlags()
        flags.volatile = true
        flags.timeout = .milliseconds(1000)
        #expect(wire.broadcastOptions == BroadcastOptions(rooms: ["room1"], except: ["sid"], flags: flags))
    }

    @Test func flagsKeepTheirWireOrder() throws {
        let payload =
            #"{"type":3,"data":{"packet":{"type":2,"data":["e"]},"opts":{"rooms":["r"],"except":[],"flags":{"volatile":true,"compress":false,"timeout":1500.5,"expectSingleResponse":true}}},"uid":"a","nsp":"/"}"#
        #expect(codec.encode(try inlineMessage(payload)) == .inline(payload))
    }
}
