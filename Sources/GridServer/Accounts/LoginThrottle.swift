import GridCore
import GridStore
import Logging
import Metrics

/// Who may try a password now. A guesser must slow themself, never the account's owner: failures
/// count per user name *and* client address (the owner elsewhere is not refused), every client
/// address has its own budget of failures whatever names it tries (ever-new names cannot buy fresh
/// checks), and ``PasswordCheckGate`` caps the password checks of the whole server. Every refusal
/// and wrong password is logged with the name and address, for the auditor.
final class LoginThrottle: Sendable {
    enum Outcome: Sendable {
        case loggedIn(token: String, session: Session)
        case wrongPassword
        /// Over a limit: try again in this many seconds.
        case throttled(waitSeconds: Int)
        /// Too many password checks waiting server-wide: try again in a second.
        case busy
    }

    /// 5 failures per user name and client address in 15 minutes.
    let perAccountAndAddress: AttemptLimiter
    /// 20 failures per client address in 15 minutes, whatever the user names.
    let perAddress: AttemptLimiter
    let gate: PasswordCheckGate

    init(now: NowProvider, gate: PasswordCheckGate = PasswordCheckGate()) {
        perAccountAndAddress = AttemptLimiter(maxAttempts: 5, windowMilliseconds: 15 * 60 * 1000, now: now)
        perAddress = AttemptLimiter(maxAttempts: 20, windowMilliseconds: 15 * 60 * 1000, now: now)
        self.gate = gate
    }

    /// Runs `check` (the password check) if the limits allow, counting it as a failure until it succeeds.
    func attempt(username: String, address: String, logger: Logger,
                 _ check: () async throws -> (token: String, session: Session)?) async throws -> Outcome {
        let accountKey = username.lowercased() + "\n" + address
        if let wait = perAddress.take(address) {
            return refused(username, address, logger, reason: "too many failures from this address", .throttled(waitSeconds: wait))
        }
        if let wait = perAccountAndAddress.take(accountKey) {
            perAddress.refund(address)
            return refused(username, address, logger, reason: "too many failures for this name from this address", .throttled(waitSeconds: wait))
        }
        let result: (token: String, session: Session)?
        do {
            result = try await gate.run(check)
        } catch {
            perAccountAndAddress.refund(accountKey)
            perAddress.refund(address)
            guard error is PasswordCheckGate.Busy else { throw error }
            return refused(username, address, logger, reason: "too many password checks waiting", .busy)
        }
        guard let result else {
            return refused(username, address, logger, reason: "wrong user name or password", .wrongPassword)
        }
        perAccountAndAddress.forgive(accountKey)
        perAddress.refund(address)
        return .loggedIn(token: result.token, session: result.session)
    }

    private func refused(_ username: String, _ address: String, _ logger: Logger, reason: String, _ outcome: Outcome) -> Outcome {
        // The name is the client's text: quoted and cut, so it cannot forge or flood a log line.
        logger.notice("login refused: \(reason)", metadata: ["login.user": "\(String(reflecting: String(username.prefix(64))))",
                                                              "login.client": "\(address)"])
        Counter(label: "gridgov_login_refusals_total", dimensions: [("reason", Self.metricReason(outcome))]).increment()
        return outcome
    }

    private static func metricReason(_ outcome: Outcome) -> String {
        switch outcome {
        case .wrongPassword: "wrong_password"
        case .throttled: "throttled"
        case .busy: "busy"
        case .loggedIn: "none"
        }
    }
}
