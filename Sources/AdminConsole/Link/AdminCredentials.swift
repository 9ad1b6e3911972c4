import SocketIOProtocol

/// How the console logs in to the admin namespace.
public struct AdminCredentials: Sendable, Hashable {
    /// The admin user, or nil when the server has no authentication.
    public var username: String?
    /// The password, when a user is given.
    public var password: String?

    /// Credentials for `username` and `password` (both nil: no authentication).
    public init(username: String? = nil, password: String? = nil) {
        self.username = username
        self.password = password
    }

    /// The CONNECT payload: `{"username","password"}`, or empty.
    var auth: SocketIOObject {
        guard let username else { return [:] }
        return ["username": .string(username), "password": .string(password ?? "")]
    }
}
