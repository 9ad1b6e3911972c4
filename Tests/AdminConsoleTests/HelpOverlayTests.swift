import Testing

@testable import AdminConsole

@Suite("Help overlay: ? shows every key, any key closes")
struct HelpOverlayTests {
    @Test func questionMarkShowsEveryBinding() {
        var console = Console.connected()
        console.press(.character("?"))
        #expect(console.showsHelp)
        let screen = console.screen()
        #expect(screen.contains("KEYS"))
        for binding in Console.keyBindings { #expect(screen.contains(binding.keys), "\(binding.keys)") }
        #expect(console.render(now: now).lines.last?.text.hasPrefix("any key close help") == true)
    }

    @Test func anyKeyClosesHelpWithoutActing() {
        var console = Console.connected()
        console.press(.character("?"))
        #expect(console.press(.character("q")).isEmpty)
        #expect(!console.showsHelp)
        #expect(console.press(.character("q")) == [.quit])
    }

    @Test func helpListsTheServersExtensions() {
        var console = Console.connected(features: ["EMIT", "X_EMIT", "X_COMMAND_ACK"])
        console.press(.character("?"))
        #expect(console.screen().contains("Extensions: command_ack emit"))
    }

    @Test func helpForAnOfficialServerSaysThereAreNoExtensions() {
        var console = Console.connected(features: officialFeatures)
        console.press(.character("?"))
        #expect(console.screen().contains("Extensions: none (official protocol only)"))
    }

    @Test
    func everyBindingIsReadableInFullAt80Columns() {
        var console = Console.connected(width: 80, height: 24)
        console.press(.character("?"))
        let screen = console.screen()
        // Long actions wrap onto the next lines; every word of every action is on screen, none cut.
        for binding in Console.keyBindings {
            for word in binding.action.split(separator: " ") { #expect(screen.contains(word), "\(binding.action)") }
        }
        #expect(!screen.contains("…"))
    }
}
