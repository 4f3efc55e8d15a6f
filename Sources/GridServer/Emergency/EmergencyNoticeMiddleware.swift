import GridCore
import GridStore
import Hummingbird

/// Puts the emergency that governs a signed-in user's area on every page they open (the level and
/// how much shorter time limits are), and for a command centre or leader above it, how many of
/// the areas below are in emergency.
struct EmergencyNoticeMiddleware: RouterMiddleware {
    typealias Context = GridRequestContext
    let store: GridStore

    func handle(
        _ request: Request, context: GridRequestContext, next: (Request, GridRequestContext) async throws -> Response
    ) async throws -> Response {
        guard request.method == .get, let session = context.session, !request.uri.path.hasPrefix("/api/"),
            !request.uri.path.hasPrefix("/assets/")
        else { return try await next(request, context) }
        let map = try await store.emergencies()
        guard !map.isEmpty else { return try await next(request, context) }
        var context = context
        let caller = session.account.caller
        let top = caller.scope.topRegion
        if let top, let governing = map.governing(top) {
            let name = try await store.scoped(to: caller).names(of: [governing.region.digits])[governing.region.digits]
            context.pageNotices.append(
                PageNotice(
                    key: "emergency_notice_in",
                    arguments: [
                        name ?? governing.region.digits, governing.level.numeral,
                        "\(Int((governing.level.limitShare * 100).rounded()))%",
                    ], link: "/center/emergency", style: governing.level.colour))
        }
        let below = map.states.values.filter { state in
            top.map { $0.contains(state.region) && $0 != state.region } ?? true
        }
        if !below.isEmpty, [.admin, .auditor, .centre, .leader, .station].contains(caller.role) {
            let worst = below.map(\.level).min() ?? .four
            context.pageNotices.append(
                PageNotice(
                    key: "emergency_notice_below", arguments: ["\(below.count)", worst.numeral],
                    link: "/center/emergency", style: context.pageNotices.isEmpty ? worst.colour : "info"))
        }
        return try await next(request, context)
    }
}
