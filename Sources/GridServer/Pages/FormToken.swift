import GridStore
import Hummingbird

/// CSRF protection for forms used before anyone logs in (login, the resident portal): the page
/// sets a random token in a strict same-site cookie and in a hidden field; a post must bring both,
/// equal (double submit).
enum FormToken {
    static let cookieName = "gridgov_form_csrf"

    /// A new token and the cookie that carries it.
    static func issue(secure: Bool) -> (token: String, cookie: Cookie) {
        let token = Secrets.newToken(prefix: "")
        return (
            token,
            Cookie(
                name: cookieName, value: token, maxAge: 3600, path: "/", secure: secure, httpOnly: true,
                sameSite: .strict)
        )
    }

    /// Refuses a post whose `_csrf` field does not match its cookie.
    static func check(_ request: Request, _ form: FormFields) throws(APIError) {
        guard let expected = request.cookies[cookieName]?.value, form["_csrf"] == expected else {
            throw APIError(.forbidden, code: "csrf", message: "the form has expired; reload the page")
        }
    }
}
