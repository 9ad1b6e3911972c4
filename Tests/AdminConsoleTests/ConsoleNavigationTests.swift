import Testing

@testable import AdminConsole

@Suite("Console navigation keys")
struct ConsoleNavigationTests {
    @Test func tabCyclesThroughTheViewsAndWraps() {
        var console = Console.connected()
        console.press(.tab)
        #expect(console.tab == .sockets)
        console.press(.backTab, .backTab)
        #expect(console.tab == .upgrades)
    }

    @Test(arguments: zip("12345", ConsoleTab.allCases))
    func digitsJumpToTheirView(_ digit: Character, _ tab: ConsoleTab) {
        var console = Console.connected()
        console.press(.character("3"), .character(digit))
        #expect(console.tab == tab)
    }

    @Test func leftClosesADetailViewBeforeChangingView() {
        var console = Console.connected([connected(socket(id: "a"))])
        console.press(.character("2"), .enter, .left)
        #expect(console.detail == nil)
        #expect(console.tab == .sockets)
    }

    @Test func switchingViewClosesTheDetail() {
        var console = Console.connected([connected(socket(id: "a"))])
        console.press(.character("2"), .enter, .character("3"))
        #expect(console.detail == nil)
        #expect(console.tab == .rooms)
    }

    @Test func qQuits() {
        var console = Console.connected()
        #expect(console.press(.character("q")) == [.quit])
    }

    @Test func resizeIsNotAKeyPress() {
        var console = Console.connected()
        console.press(.character("?"), .resize)
        #expect(console.showsHelp)
    }

    @Test func theOverviewHasNoFilter() {
        var console = Console.connected()
        console.press(.character("/"))
        #expect(console.prompt == nil)
    }

    @Test func eachViewKeepsItsOwnFilter() {
        var console = Console.connected()
        console.press(.character("2"), .character("/"))
        console.type("lobby")
        console.press(.enter, .character("4"))
        #expect(console.filters[.events] == nil)
        #expect(console.filters[.sockets]?.text == "lobby")
    }

    @Test func sortKeysOnlyActInTheSocketsView() {
        var console = Console.connected()
        console.press(.character("3"), .character("s"))
        #expect(console.sort == .connected)
    }
}
