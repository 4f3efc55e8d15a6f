import NIOSSL
import PostgresNIO

/// How a connection to PostgreSQL uses TLS, with libpq's meaning of `sslmode`:
///
/// | `sslmode` | TLS | the server's certificate |
/// |---|---|---|
/// | `disable` | never | — |
/// | `allow`, `prefer` (the default) | when the server offers it, else plain | not checked |
/// | `require` | always | not checked (checked as `verify-ca` when `sslrootcert` is given, as libpq does) |
/// | `verify-ca` | always | signed by a trusted authority |
/// | `verify-full` | always | signed by a trusted authority and naming the host |
///
/// The trusted authorities are `sslrootcert`'s, or the system's. A server with a self-signed
/// certificate (Citus turns one on) is therefore reached with the default, as with `psql`.
/// `allow` differs from libpq only in trying TLS first: the driver offers no plain-first attempt.
struct PostgresTLS: Sendable, Equatable {
    enum Mode: String, Sendable, CaseIterable {
        case disable, allow, prefer, require
        case verifyCA = "verify-ca"
        case verifyFull = "verify-full"
    }

    var mode: Mode
    var rootCertificate: String?

    init(url: PostgresURL) throws(StoreError) {
        guard let mode = Mode(rawValue: url.sslMode) else {
            throw .configuration(
                "sslmode '\(url.sslMode)' is not disable, allow, prefer, require, verify-ca or verify-full")
        }
        (self.mode, rootCertificate) = (mode, url.sslRootCertificate)
    }

    /// What the server's certificate is checked for; nil when TLS is not used.
    var verification: CertificateVerification? {
        switch mode {
        case .disable: nil
        case .allow, .prefer: CertificateVerification.none
        case .require: rootCertificate == nil ? CertificateVerification.none : .noHostnameVerification
        case .verifyCA: .noHostnameVerification
        case .verifyFull: .fullVerification
        }
    }

    /// Whether a server without TLS is still used.
    var fallsBackToPlain: Bool { mode == .allow || mode == .prefer }

    /// The pool's configuration and the lone connection's (they take TLS in different types).
    func configurations() throws(StoreError) -> (PostgresClient.Configuration.TLS, PostgresConnection.Configuration.TLS)
    {
        guard let verification else { return (.disable, .disable) }
        var configuration = TLSConfiguration.makeClientConfiguration()
        configuration.certificateVerification = verification
        if let rootCertificate { configuration.trustRoots = .file(rootCertificate) }
        let context: NIOSSLContext
        do { context = try NIOSSLContext(configuration: configuration) } catch {
            throw .configuration("TLS for sslmode '\(mode.rawValue)': \(error)")
        }
        return fallsBackToPlain
            ? (.prefer(configuration), .prefer(context)) : (.require(configuration), .require(context))
    }
}
