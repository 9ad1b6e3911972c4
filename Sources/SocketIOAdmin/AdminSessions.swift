import NIOCore
import Synchronization

/// Login sessions of the admin namespace: a password login mints an id the UI may present on
/// reload instead of the password. Expired ids are forgotten.
final class AdminSessions: Sendable {
    private let lifetime: TimeAmount
    private let sessions = Mutex<[String: (user: String?, expires: NIODeadline)]>([:])

    init(lifetime: TimeAmount) {
        self.lifetime = lifetime
    }

    /// A new session for `user`: 8 random bytes as 16 lowercase hex characters.
    func mint(for user: String?) -> String {
        var generator = SystemRandomNumberGenerator()
        let id = (0..<8).map { _ in
            let byte = UInt8.random(in: 0...255, using: &generator)
            let hex = Array("0123456789abcdef")
            return "\(hex[Int(byte >> 4)])\(hex[Int(byte & 0xF)])"
        }.joined()
        let now = NIODeadline.now()
        sessions.withLock { sessions in
            sessions = sessions.filter { $0.value.expires > now }
            sessions[id] = (user, now + lifetime)
        }
        return id
    }

    /// The user of a live session, `.some(nil)` for a session without user; `nil` when unknown.
    func user(of id: String) -> String?? {
        sessions.withLock { sessions in
            guard let session = sessions[id], session.expires > .now() else { return nil }
            return .some(session.user)
        }
    }
}
