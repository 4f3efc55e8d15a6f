import Foundation
import GridCore
import Testing

@Suite("Working calendar: holidays, 调休, working hours, warnings")
struct WorkingCalendarTests {
    let calendar = WorkingCalendar.china

    /// A Beijing wall-clock time.
    func beijing(_ day: String, _ hour: Int, _ minute: Int = 0) throws -> Date {
        let d = try #require(CalendarDay(day))
        return Date(timeIntervalSince1970: Double(d.index * 86400 + hour * 3600 + minute * 60 - 8 * 3600))
    }

    @Test("calendar days convert both ways and know their weekday")
    func days() throws {
        let day = try #require(CalendarDay("2026-11-22"))
        #expect(day.description == "2026-11-22")
        #expect(day.weekday == 7, "a Sunday")
        #expect(CalendarDay("2026-02-29") == nil)
        #expect(CalendarDay("2028-02-29") != nil)
        #expect(CalendarDay(index: 0).description == "1970-01-01" && CalendarDay(index: 0).weekday == 4)
    }

    @Test("National Day is off; the Saturday after it is a working day (调休)")
    func nationalDay() throws {
        #expect(!calendar.isWorkingDay(try #require(CalendarDay("2026-10-05"))))
        #expect(calendar.isWorkingDay(try #require(CalendarDay("2026-10-10"))), "Saturday 10 October is worked")
        #expect(calendar.isWorkingDay(try #require(CalendarDay("2026-09-20"))), "Sunday 20 September is worked")
        #expect(!calendar.isWorkingDay(try #require(CalendarDay("2026-11-21"))), "an ordinary Saturday")
    }

    @Test("a working day holds 7.5 working hours: 08:30–12:00 and 13:30–17:30")
    func oneDay() throws {
        #expect(
            calendar.workingSeconds(from: try beijing("2026-11-23", 0), to: try beijing("2026-11-24", 0)) == 7.5 * 3600)
        #expect(
            calendar.workingSeconds(from: try beijing("2026-11-23", 11), to: try beijing("2026-11-23", 14)) == 1.5
                * 3600)
        #expect(
            calendar.workingSeconds(from: try beijing("2026-11-21", 9), to: try beijing("2026-11-22", 17)) == 0,
            "a weekend")
    }

    @Test("adding working hours skips nights, lunch, weekends and holidays")
    func adding() throws {
        // Friday 16:30 + 2 h: one hour on Friday, one on Monday morning.
        #expect(
            calendar.adding(workingHours: 2, to: try beijing("2026-11-20", 16, 30))
                == (try beijing("2026-11-23", 9, 30)))
        // Reported at 11:30 with a 1 h limit: due at 14:00, after lunch.
        #expect(
            calendar.adding(workingHours: 1, to: try beijing("2026-11-23", 11, 30)) == (try beijing("2026-11-23", 14)))
        // Reported on 30 September at 17:00 with 1 h: the holiday runs 1–7 October, due 8 October 09:00.
        #expect(calendar.adding(workingHours: 1, to: try beijing("2026-09-30", 17)) == (try beijing("2026-10-08", 9)))
        // Reported in the night before a working Saturday (调休).
        #expect(
            calendar.adding(workingHours: 1, to: try beijing("2026-10-09", 20)) == (try beijing("2026-10-10", 9, 30)))
    }

    @Test("adding then measuring gives back the hours")
    func roundTrip() throws {
        var random = SeededGenerator(seed: 3)
        for _ in 0..<200 {
            let start = Date(
                timeIntervalSince1970: 1_767_225_600 + Double.random(in: 0...(365 * 86400), using: &random))
            let hours = Double(Int.random(in: 1...200, using: &random)) / 4
            let due = calendar.adding(workingHours: hours, to: start)
            #expect(calendar.workingSeconds(from: start, to: due) == hours * 3600)
        }
    }

    @Test("yellow at the warning share, red at the limit")
    func warnings() {
        #expect(TimeLimitStatus.of(elapsedSeconds: 0.5 * 3600, limitHours: 1) == .normal)
        #expect(TimeLimitStatus.of(elapsedSeconds: 0.8 * 3600, limitHours: 1) == .yellow)
        #expect(TimeLimitStatus.of(elapsedSeconds: 3600, limitHours: 1) == .red)
        #expect(TimeLimitStatus.of(elapsedSeconds: 0.5 * 3600, limitHours: 1, warningShare: 0.5) == .yellow)
    }

    @Test("2027 by the rules since 2025: 春节 four days from 除夕, 劳动节 two days")
    func statutoryDays2027() throws {
        let china = WorkingCalendar.china
        for text in ["2027-02-05", "2027-02-08"] {
            #expect(!china.isWorkingDay(try #require(CalendarDay(text))), "\(text)")
        }
        // 除夕 2027 is a Friday; the Tuesday after 初三 is back at work.
        #expect(china.isWorkingDay(try #require(CalendarDay("2027-02-09"))))
        #expect(china.isWorkingDay(try #require(CalendarDay("2027-02-04"))))
        #expect(china.holidays.count(where: { $0.description.hasPrefix("2027") }) == 13)
    }
}

@Suite("Emergency levels")
struct EmergencyLevelTests {
    @Test("levels read from digits and numerals; the most severe declared at or above a place governs it")
    func governing() throws {
        #expect(
            EmergencyLevel(text: "Ⅱ") == .two && EmergencyLevel(text: "iv") == .four && EmergencyLevel(text: "5") == nil
        )
        let county = try RegionCode("330106")
        let street = try RegionCode("330106001")
        let map = EmergencyMap([
            EmergencyState(region: county, level: .three, since: 0, actor: "c", reason: "r"),
            EmergencyState(region: street, level: .one, since: 0, actor: "c", reason: "r"),
        ])
        #expect(map.level(at: try RegionCode("330106001001001001")) == .one, "a micro-grid by its street")
        #expect(map.level(at: try RegionCode("330106002001")) == .three)
        #expect(map.level(at: try RegionCode("330105")) == nil)
        #expect(EmergencyMap().level(at: county) == nil)
    }

    @Test("a clock started in an emergency runs the level's share of the limit and turns yellow at its share")
    func clock() throws {
        var record = CasePostTests().record()
        let monday = Date(timeIntervalSince1970: 1_795_393_800)  // Monday 08:30 in Beijing
        record.startClock(.handle, at: monday, limitHours: 4, calendar: .china, emergency: .one)
        #expect(record.dueAtMilliseconds == Int64(1_795_393_800 + 3600) * 1000, "4 h × 25%")
        #expect(record.warnAtMilliseconds == Int64(1_795_393_800 + 1800) * 1000, "yellow at half of it")
        record.startClock(.handle, at: monday, limitHours: 4, calendar: .china)
        #expect(record.warnAtMilliseconds == Int64(1_795_393_800 + 4 * 3600 * 8 / 10) * 1000, "in peace at 80%")
    }
}
