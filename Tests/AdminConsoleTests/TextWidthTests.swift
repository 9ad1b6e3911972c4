import Testing

@testable import AdminConsole

@Suite("TextWidth: terminal columns")
struct TextWidthTests {
    @Test func asciiTakesOneColumnPerCharacter() {
        #expect(TextWidth.of("socket") == 6)
    }

    @Test func eastAsianWideCharactersTakeTwo() {
        #expect(TextWidth.of("日本") == 4)
        #expect(TextWidth.of("한글") == 4)
    }

    @Test func emojiTakeTwo() {
        #expect(TextWidth.of("👍") == 2)
    }

    @Test func combiningMarksAndControlsTakeNone() {
        #expect(TextWidth.of("e\u{301}") == 1)
        #expect(TextWidth.of("a\u{7}b") == 2)
    }

    @Test func fitPadsShortText() {
        #expect(TextWidth.fit("ab", 4) == "ab  ")
        #expect(TextWidth.fit("ab", 4, alignment: .right) == "  ab")
    }

    @Test func fitCutsLongTextWithAnEllipsis() {
        #expect(TextWidth.fit("abcdef", 4) == "abc…")
        #expect(TextWidth.fit("abcd", 4) == "abcd")
    }

    @Test func fitNeverSplitsAWideCharacter() {
        #expect(TextWidth.fit("日本語", 5) == "日本…")
        #expect(TextWidth.fit("日本語", 4) == "日… ")
        #expect(TextWidth.of(TextWidth.fit("日本語", 4)) == 4)
    }

    @Test func fitTurnsNewlinesAndTabsIntoSpaces() {
        #expect(TextWidth.fit("a\nb\tc", 5) == "a b c")
    }

    @Test func fitToNothingIsEmpty() {
        #expect(TextWidth.fit("abc", 0) == "")
    }
}
