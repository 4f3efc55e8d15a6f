import Foundation
import GridCore
import GridStore
import GridTestSupport
import Testing

/// 节假日与调休: administrators correct the working calendar when the State Council announces a
/// year's holidays; time limits computed afterwards count on the corrected calendar.
@Suite("Store contract: the working calendar")
struct CalendarStoreTests {
    static let admin = Caller(actor: "admin", role: .admin, scope: .territory)

    @Test(
        "an admin marks a holiday and a 调休 working day; time limits count on them; others are refused",
        arguments: Backend.available)
    func overrides(backend: Backend) async throws {
        try await TestStore.with(backend) { test in
            let monday = try #require(CalendarDay("2026-11-23"))
            let sunday = try #require(CalendarDay("2026-11-29"))
            #expect(test.store.calendar.isWorkingDay(monday) && !test.store.calendar.isWorkingDay(sunday))
            // Sunday 16:00: one working hour ends Monday 09:30.
            let start = test.clock.provider.now
            #expect(
                WorkingCalendar.wallClock(test.store.calendar.adding(workingHours: 1, to: start)) == "2026-11-23 09:30")

            try await test.store.setCalendarDay(
                CalendarOverride(day: monday, kind: .holiday, note: "演练放假"), by: Self.admin)
            try await test.store.setCalendarDay(
                CalendarOverride(day: sunday, kind: .workday, note: "调休上班"), by: Self.admin)
            #expect(!test.store.calendar.isWorkingDay(monday) && test.store.calendar.isWorkingDay(sunday))
            #expect(
                WorkingCalendar.wallClock(test.store.calendar.adding(workingHours: 1, to: start)) == "2026-11-24 09:30")
            #expect(try await test.store.calendarOverrides().map(\.note) == ["演练放假", "调休上班"])

            try await test.store.setCalendarDay(CalendarOverride(day: monday, kind: .normal, note: ""), by: Self.admin)
            #expect(test.store.calendar.isWorkingDay(monday))

            let county = Caller(actor: "c", role: .admin, scope: .region(try RegionCode("330106")))
            await #expect(throws: StoreError.self, "a county's admin may not change the national calendar") {
                try await test.store.setCalendarDay(CalendarOverride(day: monday, kind: .holiday, note: ""), by: county)
            }
            await #expect(
                throws: StoreError.invalid(
                    field: "kind", reason: "2026-11-23 is a weekday and works already; 调休上班 is for weekend days")
            ) {
                try await test.store.setCalendarDay(
                    CalendarOverride(day: monday, kind: .workday, note: ""), by: Self.admin)
            }
            #expect(try await Journal.verify(test.store.database).entries == 3)
        }
    }
}
