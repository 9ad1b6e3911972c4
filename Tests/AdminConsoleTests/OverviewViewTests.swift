import SocketIOProtocol
import Testing

@testable import AdminConsole

@Suite("Overview view: admin events in, server blocks and namespace rows out")
struct OverviewViewTests {
    @Test func serverBlockShowsUptimeClientsAndNamespaces() {
        let console = Console.connected([event(SpecVector.serverStats)])
        let screen = console.screen(at: later(1))
        #expect(screen.contains("● web-1  web-1 pid 4242  up 13s  healthy"))
        #expect(screen.contains("clients 2 (websocket 2, polling 0)"))
        #expect(screen.contains("sockets  /: 1  /admin: 1"))
    }

    @Test func eachNodeOfAClusterShowsItsAdapterLink() {
        let console = Console.connected([
            event(#"["server_stats",{"serverId":"node-a","hostname":"h","pid":1,"uptime":5,"clientsCount":1,"pollingClientsCount":0,"aggregatedEvents":[],"namespaces":[],"x_adapter":{"transport":"postgres","state":"connected"}}]"#),
            event(#"["server_stats",{"serverId":"node-b","hostname":"h","pid":2,"uptime":5,"clientsCount":1,"pollingClientsCount":0,"aggregatedEvents":[],"namespaces":[],"x_adapter":{"transport":"postgres","state":"reconnecting","detail":"listening connection lost"}}]"#),
        ])
        let screen = console.screen()
        #expect(screen.contains("node-a  h pid 1") && screen.contains("postgres connected"))
        #expect(screen.contains("node-b  h pid 2") && screen.contains("postgres reconnecting: listening connection lost"))
        #expect(screen.contains("cluster: 2 servers"))
    }

    @Test func adminNamespaceIsMarkedHiddenWithXAdminHidden() {
        let console = Console.connected([event(SpecVector.serverStats)])
        #expect(console.screen().contains("/admin: 1 (hidden)"))
        #expect(console.row(startingWith: "/admin ")?.contains("1 (hidden)") == true)
    }

    @Test func adminNamespaceIsNotMarkedWithoutXAdminHidden() {
        let console = Console.connected(features: officialFeatures, [stats()])
        #expect(!console.screen().contains("(hidden)"))
    }

    @Test func namespaceRowsShowXThroughputRates() throws {
        let console = Console.connected([event(SpecVector.serverStats)])
        let row = try #require(console.row(startingWith: "/ "))
        // 2, 3 packets and 40, 120 bytes over 2001 ms.
        #expect(row.split(separator: " ").joined(separator: " ") == "/ 1 1.0 1.5 20 B 60 B")
    }

    @Test func throughputColumnsShowADashWithoutXThroughput() throws {
        let console = Console.connected(features: officialFeatures, [stats()])
        let row = try #require(console.row(startingWith: "/ "))
        #expect(row.split(separator: " ") == ["/", "1", "—", "—", "—", "—"])
    }

    @Test func serverWideTrafficComesFromAggregatedEventsOnAnyServer() {
        let aggregated = #"""
        [{"timestamp":1680796998000,"type":"packetsIn","count":3},{"timestamp":1680796998000,"type":"bytesIn","count":64},
         {"timestamp":1680796998000,"type":"packetsOut","count":4},{"timestamp":1680796998000,"type":"bytesOut","count":512}]
        """#
        let console = Console.connected(features: officialFeatures, [stats(aggregated: aggregated)])
        // Averaged over the 10 whole seconds before now.
        #expect(console.screen().contains("in 0.3 pkt/s 6 B/s   out 0.4 pkt/s 51 B/s"))
    }

    @Test func severalServersGetOneBlockEachAndAClusterLine() {
        let console = Console.connected([stats(serverId: "web-1"), stats(serverId: "web-2", namespaces: [("/", 2)])])
        let screen = console.screen()
        #expect(screen.contains("● web-1  web-1 pid"))
        #expect(screen.contains("● web-2  web-2 pid"))
        #expect(screen.contains("cluster: 2 servers"))
    }

    @Test func oneServerHasNoClusterLine() {
        #expect(!Console.connected([stats()]).screen().contains("cluster:"))
    }

    @Test func namespaceSocketCountsAreSummedOverServers() throws {
        let console = Console.connected([stats(serverId: "web-1", namespaces: [("/", 1)]), stats(serverId: "web-2", namespaces: [("/", 2)])])
        let row = try #require(console.row(startingWith: "/ "))
        #expect(row.split(separator: " ").prefix(2) == ["/", "3"])
    }

    @Test func serverWithoutStatsForTenSecondsIsUnhealthy() {
        let console = Console.connected([stats()])
        let screen = console.screen(at: later(12))
        #expect(screen.contains("✗ web-1"))
        #expect(screen.contains("no stats for 12s"))
        #expect(!screen.contains("healthy"))
    }

    @Test func withoutStatsTheOverviewSaysItIsWaiting() {
        #expect(Console.connected().screen().contains("waiting for server statistics"))
    }

    @Test func enterOnANamespaceListsItsSockets() {
        var console = Console.connected([stats(namespaces: [("/", 1), ("/chat", 1)]), connected(socket(id: "a")),
                                         connected(socket(id: "b", nsp: "/chat"))])
        console.press(.down, .enter)
        #expect(console.tab == .sockets)
        #expect(console.filters[.sockets]?.text == "nsp:/chat")
        #expect(console.socketRows().map(\.id) == ["b"])
    }

    @Test
    func enterOnTheRootNamespaceListsOnlyItsSockets() {
        var console = Console.connected([stats(namespaces: [("/", 1), ("/chat", 1)]), connected(socket(id: "a")),
                                         connected(socket(id: "b", nsp: "/chat"))])
        console.press(.enter)
        #expect(console.socketRows().map(\.id) == ["a"])
    }
}
