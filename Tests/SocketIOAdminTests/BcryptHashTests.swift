import Testing

@testable import SocketIOAdmin

@Suite("bcrypt hashes through the system crypt")
struct BcryptHashTests {
    /// Made by Python's `crypt` (libxcrypt) for "changeit"; Node's bcryptjs verifies the same form.
    private let knownHash = "$2b$10$abcdefghijklmnopqrstuuWojgWSHkViO60uqzqlF6EZp3Declyc2"

    @Test func verifiesAKnownHash() {
        #expect(BcryptHash.verify("changeit", against: knownHash))
        #expect(!BcryptHash.verify("changeiT", against: knownHash))
        #expect(!BcryptHash.verify("", against: knownHash))
    }

    @Test func acceptsTheNodePrefixes() {
        for prefix in ["$2a$", "$2b$", "$2y$"] {
            #expect(BcryptHash.isValid(prefix + knownHash.dropFirst(4)))
        }
    }

    @Test(arguments: ["", "changeit", "$2b$10$short", "$2x$10$abcdefghijklmnopqrstuuWojgWSHkViO60uqzqlF6EZp3Declyc2",
                      "$2b$1a$abcdefghijklmnopqrstuuWojgWSHkViO60uqzqlF6EZp3Declyc2",
                      "$2b$10$abcdefghijklmnopqrstuuWojgWSHkViO60uqzqlF6EZp3Declyc!"])
    func refusesMalformedHashes(_ hash: String) {
        #expect(!BcryptHash.isValid(hash))
        #expect(!BcryptHash.verify("changeit", against: hash))
    }

    @Test func madeHashesVerifyAndAreSalted() throws {
        let first = try #require(BcryptHash.make("s3cret", cost: 4))
        let second = try #require(BcryptHash.make("s3cret", cost: 4))
        #expect(first.hasPrefix("$2b$04$"))
        #expect(first != second)
        #expect(BcryptHash.verify("s3cret", against: first))
        #expect(!BcryptHash.verify("s3cre", against: second))
    }

    @Test func passwordWithNulIsRefused() {
        #expect(BcryptHash.make("a\u{0}b") == nil)
        #expect(!BcryptHash.verify("changeit\u{0}", against: knownHash))
    }
}
