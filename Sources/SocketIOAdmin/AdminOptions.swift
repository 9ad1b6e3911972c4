import NIOCore

#if canImport(Glibc)
import Glibc
#endif

/// How the admin namespace is set up (the official `instrument()` options, and ours).
public struct AdminOptions: Sendable {
    /// Who may connect.
    public enum Authentication: Sendable {
        /// Anyone (only sensible on a loopback address).
        case none
        /// Username and bcrypt-hashed password, one or several users.
        case basic([AdminUser])
    }

    /// What is streamed.
    public enum Mode: String, Sendable {
        /// Every socket, room and event (the official UI's full pages).
        case development
        /// Only aggregated statistics.
        case production
    }

    /// The admin namespace (`/admin`); `/` is refused.
    public var namespaceName = "/admin"
    /// Who may connect.
    public var authentication: Authentication = .none
    /// Refuse every command (with the error `readonly`).
    public var readonly = false
    /// This server's id in the UI (the host name by default).
    public var serverId = AdminOptions.hostname
    /// What is streamed.
    public var mode: Mode = .development
    /// Whether admin sockets appear in the lists (no, by default).
    public var showAdminSockets = false
    /// How often `server_stats` is sent (2 s).
    public var statsInterval: TimeAmount = .seconds(2)
    /// How often latency samples are sent (5 s).
    public var latencyInterval: TimeAmount = .seconds(5)
    /// Most targets of an `x_emit` with acknowledgements (1000).
    public var maxAckTargets = 1000
    /// How long a login session stays valid (one day).
    public var sessionLifetime: TimeAmount = .hours(24)

    /// Options with the defaults (no authentication: set `authentication` for anything but loopback).
    public init() {}

    /// The machine's host name.
    public static var hostname: String {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count) == 0 else { return "localhost" }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}

/// One admin account.
public struct AdminUser: Sendable, Hashable {
    /// The user name.
    public var username: String
    /// A bcrypt hash of the password (`sio-server hash-password` makes one).
    public var passwordHash: String
    /// Whether this user may only watch.
    public var readonly: Bool

    /// An account; `passwordHash` must be a bcrypt hash.
    public init(username: String, passwordHash: String, readonly: Bool = false) {
        self.username = username
        self.passwordHash = passwordHash
        self.readonly = readonly
    }
}
