import Testing

@testable import AdminConsole

@Suite("Sparkline: a series at a glance")
struct SparklineTests {
    @Test func barsAreScaledToTheLargestValue() {
        #expect(Sparkline.render([0, 1, 2, 3, 4, 5, 6, 7], width: 8) == "▁▂▃▄▅▆▇█")
    }

    @Test func asciiBarsWithoutUnicode() {
        var console = Console(serverURL: "http://127.0.0.1:3000")
        console.unicode = false
        #expect(console.drawable(Sparkline.render([0, 1, 2, 3, 4, 5, 6, 7], width: 8)) == "_.-~=+*#")
    }

    @Test func moreValuesThanColumnsKeepEachGroupsPeak() {
        #expect(Sparkline.render([1, 2, 3, 4], width: 2) == "▄█")
    }

    @Test func silenceIsTheLowestBar() {
        #expect(Sparkline.render([0, 0, 0], width: 3) == "▁▁▁")
    }

    @Test func nothingToDrawIsEmpty() {
        #expect(Sparkline.render([], width: 10) == "")
        #expect(Sparkline.render([1, 2], width: 0) == "")
    }
}
