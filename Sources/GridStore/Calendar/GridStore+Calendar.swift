import GridCore

extension GridStore {
    /// The overrides administrators have saved, by day.
    public func calendarOverrides() async throws -> [CalendarOverride] {
        try await database.read { db in try Self.overrides(on: db) }
    }

    /// Marks one day a holiday, a working day or back to normal; territory administrators only,
    /// journaled on the territory chain. Time limits computed from now on use it; due times
    /// already set stay as they were.
    public func setCalendarDay(_ override: CalendarOverride, by caller: Caller) async throws {
        guard caller.role == .admin, caller.scope == .territory else { throw StoreError.outOfScope("changing the working calendar") }
        let note = try TextRule(length: 0...100).checked(override.note, field: "note")
        let year = override.day.components.year
        guard (2000...2100).contains(year) else { throw StoreError.invalid(field: "day", reason: "must be a date of the years 2000 to 2100") }
        if override.kind == .workday, !override.day.isWeekend {
            throw StoreError.invalid(field: "kind", reason: "\(override.day) is a weekday and works already; 调休上班 is for weekend days")
        }
        let at = now.epochMilliseconds
        try await database.write { db in
            let before = try db.queryOne("SELECT kind, note FROM calendar_days WHERE day = ?", [.text(override.day.description)])
            try db.execute("""
                INSERT INTO calendar_days (day, kind, note, updated_at) VALUES (?, ?, ?, ?)
                ON CONFLICT (day) DO UPDATE SET kind = excluded.kind, note = excluded.note, updated_at = excluded.updated_at
                """, [.text(override.day.description), .text(override.kind.rawValue), .text(note), .integer(at)])
            try Journal.append(JournalChange(chain: JournalEntry.territoryChain, actor: caller.actor, action: "calendar.set",
                                             entity: "calendar_day", entityID: override.day.description,
                                             before: try before.map { ["kind": .string(try $0.text(0)), "note": .string(try $0.text(1))] } ?? .null,
                                             after: ["kind": .string(override.kind.rawValue), "note": .string(note)]),
                               at: at, on: db)
        }
        // Saved is saved: if this reload fails, the server's minute reload catches up.
        try? await reloadCalendar()
    }

    /// Rebuilds the calendar in use from the shipped one and the saved overrides. Runs at open and
    /// every minute in the server, so a change made through another process arrives too.
    public func reloadCalendar() async throws {
        let overrides = try await calendarOverrides()
        let calendar = baseCalendar.applying(overrides)
        calendarState.withLock { $0 = calendar }
    }

    static func overrides(on db: any SQLConnection) throws -> [CalendarOverride] {
        try db.query("SELECT day, kind, note FROM calendar_days ORDER BY day", []).map { row in
            let text = try row.text(0)
            guard let day = CalendarDay(text), let kind = CalendarOverride.Kind(rawValue: try row.text(1)) else {
                throw StoreError.corrupt("calendar day \(text)")
            }
            return CalendarOverride(day: day, kind: kind, note: try row.text(2))
        }
    }
}
