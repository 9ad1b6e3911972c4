import SocketIOProtocol
import Testing

@testable import AdminConsole

@Suite("PromptForm: fields, defaults, validation")
struct PromptFormTests {
    func form(_ fields: [PromptForm.Field]) -> PromptForm {
        PromptForm(purpose: .filter, title: "test", fields: fields)
    }

    @Test func commaSeparatedJSONIsSeveralArguments() throws {
        let arguments = try PromptForm.parseArguments(#""hi", {"n":1}, [true, null], 2.5"#).get()
        #expect(arguments == ["hi", ["n": 1], [true, .null], 2.5])
    }

    @Test func blankArgumentsAreNone() throws {
        #expect(try PromptForm.parseArguments("  ").get() == [])
    }

    @Test func unquotedStringsAreRefusedWithTheirColumn() {
        guard case .failure(let problem) = PromptForm.parseArguments("hi") else {
            Issue.record("accepted")
            return
        }
        #expect(problem.message == "not JSON: unexpected 'h' at column 1")
    }

    @Test func trailingTextIsRefused() {
        guard case .failure(let problem) = PromptForm.parseArguments(#"1], ["x""#) else {
            Issue.record("accepted")
            return
        }
        #expect(problem.message.hasPrefix("not JSON"))
    }

    @Test func firstKeyReplacesTheDefault() {
        var form = form([.init(label: "reason", text: "kicked by an operator", kind: .text)])
        form.type("s")
        #expect(form.text("reason") == "s")
    }

    @Test func backspaceClearsTheDefault() {
        var form = form([.init(label: "room", text: "lobby", kind: .room)])
        form.deleteBackward()
        #expect(form.text("room") == "")
        form.type("a")
        form.type("b")
        form.deleteBackward()
        #expect(form.text("room") == "a")
    }

    @Test func advanceMovesThroughFieldsThenSubmits() {
        var form = form([.init(label: "from", text: "lobby", kind: .room), .init(label: "to", kind: .room)])
        let submittedAtFirst = form.advance()
        #expect(!submittedAtFirst)
        #expect(form.current == 1)
        form.type("x")
        let submittedAtLast = form.advance()
        #expect(submittedAtLast)
    }

    @Test(arguments: [("maybe", PromptForm.Kind.yesNo, "answer y or n"), ("", .room, "a room name is required"),
                      ("", .eventName, "an event name is required"), ("newListener", .eventName, "\"newListener\" is reserved by Socket.IO")])
    func invalidFieldStaysWithItsError(_ text: String, _ kind: PromptForm.Kind, _ error: String) {
        var form = form([.init(label: "field", kind: kind), .init(label: "next", kind: .text)])
        for character in text { form.type(character) }
        let submitted = form.advance()
        #expect(!submitted)
        #expect(form.current == 0)
        #expect(form.error == error)
    }

    @Test(arguments: ["y", "Yes", "n", "NO"])
    func yesNoAcceptsBothSpellings(_ answer: String) {
        #expect(PromptForm.problem(with: .init(label: "ack", text: answer, kind: .yesNo)) == nil)
    }
}
