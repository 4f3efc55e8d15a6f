import Foundation

/// A `postgres://user[:password]@host[:port]/database[?sslmode=…&pool_max_conns=…]` URL taken
/// apart, for the driver and for PostgreSQL's own client tools (`pg_dump`, `pg_restore`).
struct PostgresURL: Sendable {
    var host: String
    var port: Int
    var username: String
    var password: String?
    /// `nil`: the server's default, the user's name.
    var database: String?
    /// As libpq: `disable`, `allow`, `prefer` (the default), `require`, `verify-ca`, `verify-full`.
    var sslMode: String
    /// The certificate authorities `verify-ca` and `verify-full` trust (`sslrootcert`, a PEM file);
    /// without it, the system's.
    var sslRootCertificate: String?
    /// Settings for each session, from libpq's `options` (`-c search_path=county_a -c …`).
    var sessionSettings: [(String, String)] = []
    /// How many connections the server's pool opens at most, each with a thread that may block on
    /// it (`pool_max_conns`, as pgx names it).
    var maximumConnections: Int

    static let defaultMaximumConnections = 16
    static let maximumConnectionsRange = 1...200

    init(_ url: String) throws(StoreError) {
        guard let components = URLComponents(string: url),
            ["postgres", "postgresql"].contains(components.scheme ?? ""),
            let host = components.host, !host.isEmpty
        else {
            throw .configuration(
                "database URL '\(Self.redacted(url))' is not postgres://user[:password]@host[:port]/database")
        }
        self.host = host
        port = components.port ?? 5432
        username = components.user ?? "postgres"
        password = components.password
        database = components.path.split(separator: "/").first.map(String.init)
        sslMode = components.queryItems?.first { $0.name == "sslmode" }?.value ?? "prefer"
        sslRootCertificate = components.queryItems?.first { $0.name == "sslrootcert" }?.value
        if let options = components.queryItems?.first(where: { $0.name == "options" })?.value {
            sessionSettings = try Self.settings(options)
        }
        if let text = components.queryItems?.first(where: { $0.name == "pool_max_conns" })?.value {
            guard let count = Int(text), Self.maximumConnectionsRange.contains(count) else {
                throw .configuration(
                    "pool_max_conns '\(text)' in the database URL is not a whole number from \(Self.maximumConnectionsRange.lowerBound) to \(Self.maximumConnectionsRange.upperBound)"
                )
            }
            maximumConnections = count
        } else {
            maximumConnections = Self.defaultMaximumConnections
        }
    }

    /// `-c name=value` (or `-cname=value`) pairs, as libpq's `options` passes them to the server.
    static func settings(_ options: String) throws(StoreError) -> [(String, String)] {
        var settings: [(String, String)] = []
        var words = options.split(separator: " ").map(String.init)[...]
        while let word = words.popFirst() {
            let pair: String
            if word == "-c", let next = words.popFirst() {
                pair = next
            } else if word.hasPrefix("-c"), word.count > 2 {
                pair = String(word.dropFirst(2))
            } else {
                throw .configuration("options '\(options)' in the database URL: '\(word)' is not -c name=value")
            }
            guard let equals = pair.firstIndex(of: "="), equals != pair.startIndex else {
                throw .configuration("options '\(options)' in the database URL: '\(pair)' is not name=value")
            }
            settings.append((String(pair[..<equals]), String(pair[pair.index(after: equals)...])))
        }
        return settings
    }

    /// The database the tools connect to: the named one, or libpq's default (the user's name).
    var databaseName: String { database ?? username }

    /// libpq's environment for a client tool. The password goes in `PGPASSWORD`, never on a command
    /// line, where any local user could read it; service files and host addresses inherited from
    /// the caller's environment are dropped so that they cannot point the tool at another server.
    func clientEnvironment(inheriting inherited: [String: String]) -> [String: String] {
        var environment = inherited
        for key in ["PGSERVICE", "PGSERVICEFILE", "PGHOSTADDR", "PGOPTIONS"] { environment[key] = nil }
        environment["PGHOST"] = host
        environment["PGPORT"] = String(port)
        environment["PGUSER"] = username
        environment["PGDATABASE"] = databaseName
        environment["PGSSLMODE"] = sslMode
        environment["PGSSLROOTCERT"] = sslRootCertificate
        if !sessionSettings.isEmpty {
            environment["PGOPTIONS"] = sessionSettings.map { "-c \($0.0)=\($0.1)" }.joined(separator: " ")
        }
        if let password { environment["PGPASSWORD"] = password }
        return environment
    }

    /// `url` with its password hidden, for messages.
    static func redacted(_ url: String) -> String {
        guard var components = URLComponents(string: url), components.password != nil else { return url }
        components.password = "***"
        return components.string ?? url
    }
}
