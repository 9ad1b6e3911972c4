import PostgresNIO

/// Where and as whom to connect to PostgreSQL: host, port, user, password and database, usually
/// read from a `postgres://user:password@host:port/database` URL.
public struct PostgresEndpoint: Sendable, Hashable {
    /// The server's host name or address.
    public var host: String
    /// The server's port (5432).
    public var port: Int
    /// The role to log in as.
    public var username: String
    /// The role's password, if the server asks for one.
    public var password: String?
    /// The database (the server's default, the user name, when `nil`).
    public var database: String?

    /// An endpoint from its parts.
    public init(host: String, port: Int = 5432, username: String, password: String? = nil, database: String? = nil) {
        self.host = host
        self.port = port
        self.username = username
        self.password = password
        self.database = database
    }

    /// Reads `postgres://user:password@host:port/database` (or `postgresql://`); every part but
    /// the host may be left out (user `postgres`, port 5432); user, password and database are
    /// percent-decoded; an IPv6 host goes in brackets. A query string is refused rather than
    /// ignored, since its settings (`sslmode`, …) would not be honoured.
    ///
    /// - Throws: `PostgresEndpointError.invalidURL` saying what is wrong.
    public init(url: String) throws(PostgresEndpointError) {
        func invalid(_ reason: String) -> PostgresEndpointError { .invalidURL(url, reason: reason) }
        guard let schemeEnd = url.firstRange(of: "://"),
              ["postgres", "postgresql"].contains(url[..<schemeEnd.lowerBound]) else {
            throw invalid("it must start with postgres:// or postgresql://")
        }
        var rest = url[schemeEnd.upperBound...]
        guard !rest.contains("?") else { throw invalid("query parameters are not supported") }
        var database: String?
        if let slash = rest.firstIndex(of: "/") {
            let path = rest[rest.index(after: slash)...]
            if !path.isEmpty {
                guard let decoded = Self.percentDecoded(path) else { throw invalid("bad percent escape in the database") }
                database = decoded
            }
            rest = rest[..<slash]
        }
        var username = "postgres"
        var password: String?
        if let at = rest.lastIndex(of: "@") {
            let userInfo = rest[..<at]
            let (user, secret) = userInfo.firstIndex(of: ":").map { (userInfo[..<$0], Optional(userInfo[userInfo.index(after: $0)...])) }
                ?? (userInfo, nil)
            guard let decodedUser = Self.percentDecoded(user), !decodedUser.isEmpty else { throw invalid("bad user name") }
            username = decodedUser
            if let secret {
                guard let decoded = Self.percentDecoded(secret) else { throw invalid("bad percent escape in the password") }
                password = decoded
            }
            rest = rest[rest.index(after: at)...]
        }
        var host = rest
        var port = 5432
        let portSeparator: Substring.Index?
        if rest.hasPrefix("[") {
            guard let close = rest.firstIndex(of: "]") else { throw invalid("unclosed [ in the host") }
            host = rest[rest.index(after: rest.startIndex)..<close]
            let after = rest[rest.index(after: close)...]
            guard after.isEmpty || after.hasPrefix(":") else { throw invalid("unexpected text after the host") }
            portSeparator = after.isEmpty ? nil : after.startIndex
        } else {
            portSeparator = rest.firstIndex(of: ":")
            if let portSeparator { host = rest[..<portSeparator] }
        }
        if let portSeparator {
            guard let number = Int(rest[rest.index(after: portSeparator)...]), (1...65535).contains(number) else {
                throw invalid("the port must be a number from 1 to 65535")
            }
            port = number
        }
        guard !host.isEmpty else { throw invalid("no host") }
        self.init(host: String(host), port: port, username: username, password: password, database: database)
    }

    /// The URL form, password masked: for logs.
    public var redactedURL: String {
        let host = self.host.contains(":") ? "[\(self.host)]" : self.host
        return "postgres://\(username)\(password == nil ? "" : ":***")@\(host):\(port)/\(database ?? "")"
    }

    /// The PostgresNIO configuration (no TLS), naming the connection `applicationName` in
    /// `pg_stat_activity`.
    func configuration(applicationName: String) -> PostgresConnection.Configuration {
        var configuration = PostgresConnection.Configuration(host: host, port: port, username: username, password: password,
                                                             database: database, tls: .disable)
        configuration.options.additionalStartupParameters = [("application_name", applicationName)]
        return configuration
    }

    /// `text` with its `%XX` escapes decoded, or `nil` when an escape or the UTF-8 is malformed.
    private static func percentDecoded(_ text: Substring) -> String? {
        var bytes: [UInt8] = []
        var iterator = text.utf8.makeIterator()
        while let byte = iterator.next() {
            guard byte == UInt8(ascii: "%") else {
                bytes.append(byte)
                continue
            }
            guard let high = iterator.next(), let low = iterator.next(),
                  let value = UInt8(String(decoding: [high, low], as: UTF8.self), radix: 16) else { return nil }
            bytes.append(value)
        }
        return String(validating: bytes, as: UTF8.self)
    }
}

/// Why a PostgreSQL endpoint cannot be used.
public enum PostgresEndpointError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The URL (first value) is malformed for the reason given.
    case invalidURL(String, reason: String)

    public var description: String {
        switch self {
        case .invalidURL(_, let reason): "invalid PostgreSQL URL: \(reason)"
        }
    }
}
