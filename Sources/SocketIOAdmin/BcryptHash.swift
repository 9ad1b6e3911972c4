import CCrypt

#if canImport(Glibc)
import Glibc
#endif

/// bcrypt password hashes through the system's `crypt` (libxcrypt), so hashes made by the Node
/// tooling (`$2a$`, `$2b$`, `$2y$`) verify here and ours verify there.
public enum BcryptHash {
    /// Whether `hash` has the bcrypt form: `$2a$`/`$2b$`/`$2y$`, a two-digit cost, 53 characters.
    public static func isValid(_ hash: String) -> Bool {
        let bytes = Array(hash.utf8)
        guard bytes.count == 60, bytes[0] == UInt8(ascii: "$"), bytes[1] == UInt8(ascii: "2"),
              [UInt8(ascii: "a"), UInt8(ascii: "b"), UInt8(ascii: "y")].contains(bytes[2]),
              bytes[3] == UInt8(ascii: "$"), bytes[6] == UInt8(ascii: "$"),
              bytes[4...5].allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }) else { return false }
        let alphabet = Set("./ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".utf8)
        return bytes[7...].allSatisfy(alphabet.contains)
    }

    /// Whether `password` matches `hash` (constant-time comparison; CPU-heavy: call off the loop).
    public static func verify(_ password: String, against hash: String) -> Bool {
        guard isValid(hash), !password.utf8.contains(0) else { return false }
        let data = UnsafeMutablePointer<crypt_data>.allocate(capacity: 1)
        defer { data.deallocate() }
        data.initialize(to: crypt_data())
        guard let result = crypt_r(password, hash, data) else { return false }
        let computed = Array(String(cString: result).utf8)
        let expected = Array(hash.utf8)
        guard computed.count == expected.count else { return false }
        return zip(computed, expected).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }

    /// A new `$2b$` hash of `password` with a random salt.
    public static func make(_ password: String, cost: Int = 10) -> String? {
        guard !password.utf8.contains(0), let salt = crypt_gensalt_ra("$2b$", UInt(cost), nil, 0) else { return nil }
        defer { free(salt) }
        let data = UnsafeMutablePointer<crypt_data>.allocate(capacity: 1)
        defer { data.deallocate() }
        data.initialize(to: crypt_data())
        guard let result = crypt_r(password, salt, data) else { return nil }
        let hash = String(cString: result)
        return isValid(hash) ? hash : nil
    }
}
