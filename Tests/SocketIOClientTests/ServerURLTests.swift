import SocketIOClient
import Testing

@Suite("Server URLs")
struct ServerURLTests {
    @Test(arguments: [
        ("http://localhost:3000", "localhost", 3000, false),
        ("ws://127.0.0.1:8080/", "127.0.0.1", 8080, false),
        ("http://example.com", "example.com", 80, false),
        ("ws://example.com", "example.com", 80, false),
        ("https://example.com", "example.com", 443, true),
        ("wss://example.com:8443", "example.com", 8443, true),
        ("http://[::1]:3000", "::1", 3000, false),
    ] as [(String, String, Int, Bool)])
    func parsesSchemeHostAndPort(url: String, host: String, port: Int, secure: Bool) throws {
        let parsed = try ServerURL(url)
        #expect(parsed.host == host)
        #expect(parsed.port == port)
        #expect(parsed.isSecure == secure)
    }

    @Test func pathNamesTheNamespace() throws {
        #expect(try ServerURL("http://localhost:3000/admin").namespace == "/admin")
        #expect(try ServerURL("http://localhost:3000/").namespace == "/")
        #expect(try ServerURL("http://localhost:3000?x=1").namespace == "/")
    }

    @Test(arguments: ["localhost:3000", "ftp://host", "http://", "http://host:port", "http://host:70000"])
    func rejectsUnusableURLs(url: String) {
        #expect(throws: SocketIOClientError.invalidURL(url)) { try ServerURL(url) }
    }
}
