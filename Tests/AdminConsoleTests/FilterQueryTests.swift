import Testing

@testable import AdminConsole

@Suite("FilterQuery: words typed after /")
struct FilterQueryTests {
    let fields: [(name: String, values: [String])] = [
        ("id", ["AbCdEfGhIjKlMnOpAAAB"]), ("client", ["lv_VI97HAXpY"]), ("address", ["::ffff:127.0.0.1"]),
        ("namespace", ["/chat"]), ("room", ["AbCdEfGhIjKlMnOpAAAB", "lobby"]), ("transport", ["polling"]), ("data", [#"{"user":"alice"}"#]),
    ]

    @Test func bareWordMatchesAnyField() {
        #expect(FilterQuery("alice").matches(fields))
        #expect(FilterQuery("127.0").matches(fields))
        #expect(!FilterQuery("bob").matches(fields))
    }

    @Test func fieldWordLooksInThatFieldOnly() {
        #expect(FilterQuery("room:lobby").matches(fields))
        #expect(!FilterQuery("transport:lobby").matches(fields))
    }

    @Test(arguments: ["sid:AbCd", "clientid:lv_", "ip:127", "addr:ffff", "nsp:/chat", "rooms:lob", "t:poll"])
    func aliasesNameTheirField(_ text: String) {
        #expect(FilterQuery(text).matches(fields))
    }

    @Test func everyWordMustMatch() {
        #expect(FilterQuery("room:lobby transport:polling").matches(fields))
        #expect(!FilterQuery("room:lobby transport:websocket").matches(fields))
    }

    @Test func matchingIgnoresCase() {
        #expect(FilterQuery("ROOM:Lobby").matches(fields))
        #expect(FilterQuery("abcdef").matches(fields))
    }

    @Test func unknownFieldNameIsPartOfTheWord() {
        #expect(!FilterQuery("colour:lobby").matches(fields))
        #expect(FilterQuery("user\":\"alice").matches(fields))
    }

    @Test func blankQueryIsEmptyAndMatchesEverything() {
        #expect(FilterQuery("   ").isEmpty)
        #expect(FilterQuery("").matches(fields))
    }
}
