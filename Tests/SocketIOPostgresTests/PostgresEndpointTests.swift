import SocketIOPostgres
import Testing

@Suite("PostgreSQL endpoint URLs")
struct PostgresEndpointTests {
    @Test func readsEveryPart() throws {
        #expect(try PostgresEndpoint(url: "postgres://sio:s%40cret@db.example:6543/chat%20app")
            == PostgresEndpoint(host: "db.example", port: 6543, username: "sio", password: "s@cret", database: "chat app"))
    }

    @Test func defaultsUserAndPort() throws {
        #expect(try PostgresEndpoint(url: "postgresql://127.0.0.1/") == PostgresEndpoint(host: "127.0.0.1", username: "postgres"))
    }

    @Test func readsABracketedIPv6Host() throws {
        #expect(try PostgresEndpoint(url: "postgres://u@[::1]:5433/d") == PostgresEndpoint(host: "::1", port: 5433, username: "u", database: "d"))
    }

    @Test func aPasswordMayHoldColonsAndAts() throws {
        #expect(try PostgresEndpoint(url: "postgres://u:a:b@c@h/d").password == "a:b@c")
    }

    @Test(arguments: ["mysql://h/d", "postgres://h:0/d", "postgres://h:x/d", "postgres:///d", "postgres://h/d?sslmode=require",
                      "postgres://u:%zz@h/d", "postgres://[::1/d"])
    func refusesMalformedURLs(_ url: String) {
        #expect(throws: PostgresEndpointError.self) { try PostgresEndpoint(url: url) }
    }

    @Test func redactsThePassword() throws {
        #expect(try PostgresEndpoint(url: "postgres://u:secret@h:1/d").redactedURL == "postgres://u:***@h:1/d")
    }
}
