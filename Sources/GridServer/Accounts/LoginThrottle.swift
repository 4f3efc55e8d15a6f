import GridCore
import GridStore
import Logging
import Metrics
import Synchronization

/// Who may try a password now. A guesser must slow themself, never the account's owner:
/// - failures count per user name *and* client (the owner elsewhere is not refused);
/// - every client has its own budget of failures whatever names it tries, and one check at a time;
/// - ``PasswordCheckGate`` caps the password checks of the whole server, and a name that has logged
///   in from a client before goes to the head of its line, so a flood from elsewhere delays the
///   owner by a check or two instead of refusing them.
/// Wrong passwords are logged with the name and client for the auditor; refusals that cost
/// nothing are counted (`gridgov_login_refusals_total`), not logged, so they cannot flood the log.
final class LoginThrottle: Sendable {
    enum Outcome: Sendable {
        case loggedIn(token: String, session: Session)
        case wrongPassword
        /// Over a limit: try again in this many seconds.
        case throttled(waitSeconds: Int)
        /// Too many password checks waiting server-wide: try again in a second.
        case busy
    }

    typealias LogIn =
        @Sendable (_ verify: @escaping GridStore.PasswordVerifier) async throws -> (token: String, session: Session)?

    /// 5 failures per user name and client in 15 minutes.
    let perAccountAndClient: AttemptLimiter
    /// 20 failures per client in 15 minutes, whatever the user names.
    let perClient: AttemptLimiter
    let gate: PasswordCheckGate
    private let checking = Mutex(Set<String>())
    /// Names and clients that have logged in; bounded, forgotten all at once when full.
    private let known = Mutex(Set<String>())
    static let knownCapacity = 100_000

    init(now: NowProvider, gate: PasswordCheckGate = PasswordCheckGate()) {
        perAccountAndClient = AttemptLimiter(maxAttempts: 5, windowMilliseconds: 15 * 60 * 1000, now: now)
        perClient = AttemptLimiter(maxAttempts: 20, windowMilliseconds: 15 * 60 * 1000, now: now)
        self.gate = gate
    }

    /// Runs `logIn` with a password check that takes its turn at the gate, if the limits allow,
    /// counting the attempt as a failure until it succeeds. `client` is the limiter key of the
    /// client's address (``ClientAddress/limiterKey(_:)``).
    func attempt(username: String, client: String, logger: Logger, _ logIn: LogIn) async throws -> Outcome {
        if let wait = perClient.take(client) { return counted(.throttled(waitSeconds: wait)) }
        // A name no account can have is refused without a check, and keeps no state of its own.
        guard GridStore.isPossibleUsername(username) else { return failed(username, client, logger) }
        let accountKey = username + "\n" + client
        if let wait = perAccountAndClient.take(accountKey) {
            perClient.refund(client)
            return counted(.throttled(waitSeconds: wait))
        }
        guard checking.withLock({ $0.insert(client).inserted }) else {
            perAccountAndClient.refund(accountKey)
            perClient.refund(client)
            return counted(.throttled(waitSeconds: 1))
        }
        defer { _ = checking.withLock { $0.remove(client) } }
        let priority = known.withLock { $0.contains(accountKey) }
        let gate = self.gate
        let result: (token: String, session: Session)?
        do {
            result = try await logIn { password, hash in
                try await gate.run(priority: priority) { try await GridStore.verifyOnThreadPool(password, hash) }
            }
        } catch {
            perAccountAndClient.refund(accountKey)
            perClient.refund(client)
            guard error is PasswordCheckGate.Busy else { throw error }
            return counted(.busy)
        }
        guard let result else { return failed(username, client, logger) }
        perAccountAndClient.forgive(accountKey)
        perClient.refund(client)
        known.withLock { known in
            if known.count >= Self.knownCapacity { known.removeAll() }
            known.insert(accountKey)
        }
        return .loggedIn(token: result.token, session: result.session)
    }

    private func failed(_ username: String, _ client: String, _ logger: Logger) -> Outcome {
        // The name is the client's text: quoted and cut, so it cannot forge or flood a log line.
        logger.notice(
            "login refused: wrong user name or password",
            metadata: [
                "login.user": "\(String(reflecting: String(username.prefix(32))))", "login.client": "\(client)",
            ])
        return counted(.wrongPassword)
    }

    private func counted(_ outcome: Outcome) -> Outcome {
        let reason =
            switch outcome {
            case .wrongPassword: "wrong_password"
            case .throttled: "throttled"
            case .busy: "busy"
            case .loggedIn: "none"
            }
        Counter(label: "gridgov_login_refusals_total", dimensions: [("reason", reason)]).increment()
        return outcome
    }
}
