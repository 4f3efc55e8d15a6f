import GridCore
import GridStore
import Hummingbird

/// 提醒: `/reminders`, the caller's list of what is overdue or due soon, each linked to where it
/// is dealt with; `GET /api/v1/reminders` gives the same list.
struct ReminderPages {
    let store: GridStore
    let renderer: PageRenderer

    func register(on router: Router<GridRequestContext>) {
        router.get("/reminders") { request, context in
            guard let caller = context.caller else { return PageRenderer.redirect(to: "/login?next=/reminders") }
            return try await PageErrors.rendering(renderer, request, context) {
                let strings = PageStrings.table(LoginPages.language(request))
                let reminders = try await store.scoped(to: caller).reminders()
                let today = WorkingCalendar.local(store.now.now).0
                let values: [String: Any] = [
                    "has_reminders": !reminders.isEmpty,
                    "reminders": reminders.map { reminder in
                        [
                            "kind": strings["reminder_\(reminder.kind.rawValue)"] ?? reminder.kind.rawValue,
                            "kind_class": reminder.kind.rawValue, "subject": reminder.subject,
                            "due": reminder.due.description, "late": reminder.due < today, "link": reminder.link,
                        ]
                    },
                ]
                return renderer.page(
                    .reminders, title: strings["reminders_title"] ?? "", request: request, context: context,
                    values: values)
            }
        }
        router.get("/api/v1/reminders") { _, context in
            let reminders = try await store.scoped(to: try context.requireCaller()).reminders()
            return JSONResponse([
                "reminders": .array(
                    reminders.map {
                        [
                            "kind": .string($0.kind.rawValue), "subject": .string($0.subject),
                            "due": .string($0.due.description), "link": .string($0.link),
                        ]
                    })
            ])
        }
    }
}
