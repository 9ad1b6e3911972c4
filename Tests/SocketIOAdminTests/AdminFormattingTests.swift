import SocketIOProtocol
import Testing

@testable import SocketIOAdmin

@Suite("Admin protocol formats")
struct AdminFormattingTests {
    @Test func datesAreJavaScriptToJSON() {
        #expect(AdminClock.isoString(milliseconds: 0) == "1970-01-01T00:00:00.000Z")
        #expect(AdminClock.isoString(milliseconds: 1_680_796_998_123) == "2023-04-06T16:03:18.123Z")
    }

    @Test func sessionsAreSixteenHexCharactersAndExpire() async throws {
        let sessions = AdminSessions(lifetime: .milliseconds(50))
        let id = sessions.mint(for: "admin")
        #expect(id.count == 16)
        #expect(id.allSatisfy { "0123456789abcdef".contains($0) })
        #expect(sessions.user(of: id) == .some("admin"))
        #expect(sessions.user(of: "0000000000000000") == nil)
        try await Task.sleep(for: .milliseconds(80))
        #expect(sessions.user(of: id) == nil)
    }

    @Test func loginChecksSessionThenUserAndPassword() throws {
        let hash = "$2b$10$abcdefghijklmnopqrstuuWojgWSHkViO60uqzqlF6EZp3Declyc2"
        let authentication = AdminOptions.Authentication.basic([AdminUser(username: "admin", passwordHash: hash)])
        let sessions = AdminSessions(lifetime: .seconds(60))
        let login = try authentication.login(["username": "admin", "password": "changeit"], sessions: sessions, readonly: false)
        #expect(login.user == "admin")
        let session = try #require(login.mintedSession)
        let again = try authentication.login(["sessionId": .string(session)], sessions: sessions, readonly: true)
        #expect(again.mintedSession == nil)
        #expect(again.readonly)
        for payload: [String: SocketIOValue] in [["username": "admin", "password": "wrong"], ["username": "root", "password": "changeit"],
                                                      ["username": "admin", "password": 1], ["sessionId": .null]] {
            #expect(throws: (any Error).self) {
                try authentication.login(SocketIOObject(payload.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }),
                                         sessions: sessions, readonly: false)
            }
        }
    }
}
