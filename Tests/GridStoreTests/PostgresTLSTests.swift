import Foundation
import GridTestSupport
import Testing

@testable import GridStore

/// `sslmode` means what it means to libpq, against the test server's self-signed certificate for
/// `localhost` (scripts/throwaway-postgres.sh turns TLS on, as Citus does).
@Suite("PostgreSQL: sslmode as libpq means it")
struct PostgresTLSTests {
    static let certificate = ProcessInfo.processInfo.environment["GRIDGOV_TEST_POSTGRES_TLS_CERT"]
    static let required = ProcessInfo.processInfo.environment["GRIDGOV_REQUIRE_POSTGRES"] == "1"

    /// Whether a connection with these URL parameters is made, and whether it is encrypted.
    static func connect(_ parameters: String, host: String = "127.0.0.1") async -> (connected: Bool, tls: Bool) {
        guard let base = Backend.postgresURL, var components = URLComponents(string: base) else {
            return (false, false)
        }
        components.host = host
        components.query = parameters
        guard let url = components.string, let database = try? PostgresDatabase(url: url) else { return (false, false) }
        defer { Task { try? await database.close() } }
        do {
            try await database.checkConnection()
            let tls = try await database.read { db in
                try db.queryOne(
                    "SELECT CASE WHEN ssl THEN 1 ELSE 0 END FROM pg_stat_ssl WHERE pid = pg_backend_pid()", [])?
                    .integer(0) == 1
            }
            return (true, tls)
        } catch {
            return (false, false)
        }
    }

    @Test(
        "disable is plain; allow, prefer and require encrypt without checking; verify-ca needs the authority, verify-full the name too",
        .enabled(if: certificate != nil || required))
    func modes() async throws {
        let certificate = try #require(
            Self.certificate, "GRIDGOV_TEST_POSTGRES_TLS_CERT names the server's certificate")
        let root = "sslrootcert=\(certificate)"
        #expect(await Self.connect("sslmode=disable") == (true, false))
        #expect(await Self.connect("sslmode=allow") == (true, true))
        #expect(await Self.connect("") == (true, true), "prefer is the default, and a self-signed certificate does")
        #expect(await Self.connect("sslmode=require") == (true, true))
        #expect(await Self.connect("sslmode=verify-ca").connected == false, "not signed by a system authority")
        #expect(await Self.connect("sslmode=verify-ca&\(root)") == (true, true))
        #expect(await Self.connect("sslmode=require&\(root)") == (true, true), "require with a root checks it")
        #expect(
            await Self.connect("sslmode=verify-full&\(root)").connected == false, "the certificate names localhost")
        #expect(await Self.connect("sslmode=verify-full&\(root)", host: "localhost") == (true, true))
        #expect(throws: StoreError.self) { try PostgresDatabase(url: "postgres://u@127.0.0.1/db?sslmode=sometimes") }
    }

    @Test("libpq's options become session settings; a word that is not -c name=value is refused, naming it")
    func options() throws {
        let url = try PostgresURL(
            "postgres://u@h/db?options=-c%20search_path%3Dcounty_a%20-ccitus.shard_count%3D4&sslrootcert=/ca.pem")
        #expect(url.sessionSettings.map { "\($0.0)=\($0.1)" } == ["search_path=county_a", "citus.shard_count=4"])
        #expect(url.clientEnvironment(inheriting: [:])["PGOPTIONS"] == "-c search_path=county_a -c citus.shard_count=4")
        #expect(url.clientEnvironment(inheriting: [:])["PGSSLROOTCERT"] == "/ca.pem")
        #expect(throws: StoreError.configuration("options '-x' in the database URL: '-x' is not -c name=value")) {
            try PostgresURL("postgres://u@h/db?options=-x")
        }
        #expect(throws: StoreError.configuration("options '-c =1' in the database URL: '=1' is not name=value")) {
            try PostgresURL("postgres://u@h/db?options=-c%20=1")
        }
    }
}
