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
        guard caller.role == .admin, caller.scope == .territory else {
            throw StoreError.outOfScope("changing the working calendar")
        }
        let note = try TextRule(length: 0...100).checked(override.note, field: "note")
        let year = override.day.components.year
        guard (2000...2100).contains(year) else {
            throw StoreError.invalid(field: "day", reason: "must be a date of the years 2000 to 2100")
        }
        if override.kind == .workday, !override.day.isWeekend {
            throw StoreError.invalid(
                field: "kind", reason: "\(override.day) is a weekday and works already; 调休上班 is for weekend days")
        }
        let at = now.epochMilliseconds
        let saved = CalendarOverride(day: override.day, kind: override.kind, note: note)
        try await database.write { db in
            let before = try db.queryOne(
                "SELECT \(Self.calendarDays.selectList) FROM calendar_days WHERE day = ?",
                [.text(override.day.description)]
            ).map { try Self.override(Self.calendarDays.row($0)) }
            try db.insertMany(
                into: "calendar_days", columns: Self.calendarDays.names,
                rows: [Self.calendarDays.values(of: (override: saved, updatedAt: at))],
                onConflict:
                    "ON CONFLICT (day) DO UPDATE SET kind = excluded.kind, note = excluded.note, updated_at = excluded.updated_at"
            )
            try Journal.append(
                JournalChange(
                    chain: JournalEntry.territoryChain, actor: caller.actor, action: "calendar.set",
                    entity: "calendar_day", entityID: override.day.description,
                    before: before.map { ["kind": .string($0.kind.rawValue), "note": .string($0.note)] } ?? .null,
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

    /// The `calendar_days` table's columns, each beside where its value comes from.
    static let calendarDays = TableColumns<(override: CalendarOverride, updatedAt: Int64)>([
        .init("day") { .text($0.override.day.description) },
        .init("kind") { .text($0.override.kind.rawValue) },
        .init("note") { .text($0.override.note) },
        .init("updated_at") { .integer($0.updatedAt) },
    ])

    static func overrides(on db: any SQLConnection) throws -> [CalendarOverride] {
        try db.query("SELECT \(calendarDays.selectList) FROM calendar_days ORDER BY day", []).map {
            try override(calendarDays.row($0))
        }
    }

    private static func override(_ row: NamedRow) throws -> CalendarOverride {
        let text = try row.text("day")
        guard let day = CalendarDay(text), let kind = CalendarOverride.Kind(rawValue: try row.text("kind")) else {
            throw StoreError.corrupt("calendar day \(text)")
        }
        return CalendarOverride(day: day, kind: kind, note: try row.text("note"))
    }
}
