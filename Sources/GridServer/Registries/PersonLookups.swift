import GridCore
import GridStore
import Hummingbird

/// Looking a person up by identity number or phone — the API's lookup and the phone page's
/// search — is limited per account and journaled: who looked, by which kind of number, whom it
/// found (never the number). An insider probing numbers meets the limit and leaves a trail.
struct PersonLookups: Sendable {
    let store: GridStore
    /// 120 lookups an account in 10 minutes: a day's door-to-door work, not a sweep.
    let limiter: AttemptLimiter

    init(store: GridStore, now: NowProvider) {
        self.store = store
        limiter = AttemptLimiter(maxAttempts: 120, windowMilliseconds: 10 * 60 * 1000, now: now)
    }

    /// The people `number` names (an identity number, else a phone), within `caller`'s scope.
    func find(_ number: String, by caller: Caller) async throws -> [PersonView] {
        if let wait = limiter.take(caller.actor) {
            var error = APIError(
                .tooManyRequests, code: "too_many_lookups",
                message: "too many lookups by number from this account; try again in \(wait) s", field: "q")
            error.headers[.retryAfter] = String(wait)
            throw error
        }
        let scoped = store.scoped(to: caller)
        let byIdentity = (try? IdentityNumber(number)) != nil
        let found =
            byIdentity
            ? try await scoped.person(identityNumber: number).map { [$0] } ?? []
            : try await scoped.people(phone: number)
        try await scoped.journalLookup(by: byIdentity ? "id_number" : "phone", found: found)
        return found
    }
}
