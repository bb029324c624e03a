import Foundation

/// Where a desk lives in PostgreSQL, read from a URL:
///
///     postgres://[user[:password]@]host[:port]/database[?desk=NAME&sslmode=disable|require&connect_timeout=SECONDS&lock_timeout=SECONDS]
///
/// The user defaults to `$PGUSER`, else `$USER`; the password to `$PGPASSWORD` when the URL has none;
/// the port to 5432; the desk to `main`. One database holds any number of desks, each by its name.
/// Compiled in every build (it needs no driver), so a build without PostgreSQL can still say what it was given.
public struct PostgresDeskAddress: Equatable, Sendable, CustomStringConvertible {
    public enum TLSMode: String, Sendable { case disable, require }

    public var host: String
    public var port: Int
    public var user: String
    public var password: String?
    public var database: String
    public var desk: String
    public var tls: TLSMode
    public var connectTimeoutSeconds: Int
    /// How long a statement waits for a lock another session holds (a lead's, a journal's row) before
    /// the write gives up with an error (default 10): nobody holding a lock can stall a desk for good.
    public var lockTimeoutSeconds: Int

    /// Whether a `--store` value names PostgreSQL rather than a folder.
    public static func isPostgresURL(_ text: String) -> Bool {
        text.hasPrefix("postgres://") || text.hasPrefix("postgresql://")
    }

    /// Reads a URL; a bad one fails with one line naming the part that is wrong (never showing the password).
    public init(_ text: String, environment: [String: String] = ProcessInfo.processInfo.environment) throws(PostgresAddressError) {
        guard Self.isPostgresURL(text) else { throw PostgresAddressError("'\(Self.redacted(text))' is not a postgres:// URL") }
        guard let components = URLComponents(string: text) else {
            throw PostgresAddressError("'\(Self.redacted(text))' is not a well-formed URL")
        }
        guard let host = components.host, !host.isEmpty else { throw PostgresAddressError("\(Self.redacted(text)): the host is missing") }
        self.host = host.removingPercentEncoding ?? host
        self.port = components.port ?? 5432
        guard (1...65535).contains(port) else { throw PostgresAddressError("\(Self.redacted(text)): port \(port) is out of range") }
        let user = components.user?.removingPercentEncoding ?? environment["PGUSER"].flatMap { $0.isEmpty ? nil : $0 } ?? environment["USER"] ?? "postgres"
        self.user = user
        self.password = components.password?.removingPercentEncoding ?? environment["PGPASSWORD"].flatMap { $0.isEmpty ? nil : $0 }
        let path = components.path.hasPrefix("/") ? String(components.path.dropFirst()) : components.path
        guard !path.isEmpty, !path.contains("/") else {
            throw PostgresAddressError("\(Self.redacted(text)): name the database after the host, e.g. postgres://host/beback")
        }
        self.database = path.removingPercentEncoding ?? path
        var desk = "main"
        var tls = TLSMode.disable
        var timeout = 5
        var lockTimeout = 10
        for item in components.queryItems ?? [] {
            let value = item.value ?? ""
            switch item.name {
            case "desk":
                guard Self.isValidDeskName(value) else {
                    throw PostgresAddressError("\(Self.redacted(text)): desk '\(value)' is not a usable desk name (letters, digits, '-', '_', '.'; at most 40)")
                }
                desk = value
            case "sslmode":
                guard let mode = TLSMode(rawValue: value) else {
                    throw PostgresAddressError("\(Self.redacted(text)): sslmode '\(value)' is not supported (use disable or require)")
                }
                tls = mode
            case "connect_timeout":
                guard let seconds = Int(value), (1...300).contains(seconds) else {
                    throw PostgresAddressError("\(Self.redacted(text)): connect_timeout '\(value)' must be seconds between 1 and 300")
                }
                timeout = seconds
            case "lock_timeout":
                guard let seconds = Int(value), (1...300).contains(seconds) else {
                    throw PostgresAddressError("\(Self.redacted(text)): lock_timeout '\(value)' must be seconds between 1 and 300")
                }
                lockTimeout = seconds
            default:
                throw PostgresAddressError(
                    "\(Self.redacted(text)): unknown parameter '\(item.name)' (known: desk, sslmode, connect_timeout, lock_timeout)")
            }
        }
        self.desk = desk
        self.tls = tls
        self.connectTimeoutSeconds = timeout
        self.lockTimeoutSeconds = lockTimeout
    }

    public static func isValidDeskName(_ name: String) -> Bool {
        !name.isEmpty && name.count <= 40
            && name.unicodeScalars.allSatisfy { scalar in
                scalar.isASCII && (CharacterSet.alphanumerics.contains(scalar) || "-_.".unicodeScalars.contains(scalar))
            }
    }

    /// The address without the password, for messages and banners.
    public var description: String { "postgres://\(user)@\(host):\(port)/\(database)?desk=\(desk)" }

    /// Where a journal of this desk lives, as problems name it.
    public func location(of journalFileName: String) -> String { "\(description) \(journalFileName)" }

    /// A URL with its password replaced by `***`.
    public static func redacted(_ text: String) -> String {
        guard var components = URLComponents(string: text), components.password != nil else { return text }
        components.password = "***"
        return components.string ?? text
    }
}

/// A `postgres://` URL that cannot be used, as one line.
public struct PostgresAddressError: Error, Equatable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
