import SocketIO
import SocketIOProtocol

/// Who an admin socket is: its user, whether it may act, and the session minted at login.
struct AdminLogin: Sendable {
    var user: String?
    var readonly: Bool
    var mintedSession: String?
}

extension AdminOptions.Authentication {
    /// Checks a CONNECT payload (reference rules, §1.2 of the brief): a known session, or a user
    /// name and password. Throws `invalid credentials` otherwise. Runs bcrypt: call off the loop.
    func login(_ auth: SocketIOObject, sessions: AdminSessions, readonly: Bool) throws -> AdminLogin {
        guard case .basic(let users) = self else { return AdminLogin(user: nil, readonly: readonly) }
        if case .string(let sessionId)? = auth["sessionId"], let user = sessions.user(of: sessionId) {
            let account = users.first { $0.username == user }
            return AdminLogin(user: user, readonly: readonly || (account?.readonly ?? false))
        }
        guard case .string(let username)? = auth["username"], case .string(let password)? = auth["password"],
              let account = users.first(where: { $0.username == username }),
              BcryptHash.verify(password, against: account.passwordHash) else {
            throw SocketIOMiddlewareError("invalid credentials")
        }
        return AdminLogin(user: username, readonly: readonly || account.readonly,
                          mintedSession: sessions.mint(for: username))
    }
}
