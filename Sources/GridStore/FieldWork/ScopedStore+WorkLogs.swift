import Foundation
import GridCore

/// A worker's day (民情日志), mostly what the system already knows — signed in and out, patrols,
/// visits, reports, inspections — with the worker's own notes and their grid leader's comments.
public struct WorkDay: Sendable, Hashable {
    public struct Comment: Sendable, Hashable {
        public var author: String
        public var body: String
        public var at: Int64
    }

    public struct Entry: Sendable, Hashable {
        /// `visit`, `report` or `inspection`.
        public var kind: String
        public var at: Int64
        public var title: String
        public var detail: String
        /// Where it is read: a case number, or a person's or place's record.
        public var link: String?
    }

    public var worker: String
    public var grid: RegionCode
    public var day: CalendarDay
    public var attendance: AttendanceDay?
    public var patrols: [PatrolView]
    public var entries: [Entry]
    public var notes: String
    public var comments: [Comment]

    public var patrolMinutes: Double { patrols.map(\.minutes).reduce(0, +) }
    public var patrolMetres: Double { patrols.map(\.distanceMetres).reduce(0, +) }
}

extension ScopedStore {
    /// How far back a worker may still write their day's notes.
    public static let workLogEditableDays = 7

    /// `worker`'s day in `grid` (a grid in the caller's scope; a worker reads only their own).
    public func workDay(worker: String, grid: RegionCode, day: CalendarDay) async throws -> WorkDay {
        try requireRegistryReader()
        try requireInScope(grid)
        if [.worker].contains(caller.role), worker != caller.actor {
            throw StoreError.outOfScope("another worker's day")
        }
        let from = WorkingCalendar.startMilliseconds(of: day)
        let to = WorkingCalendar.startMilliseconds(of: CalendarDay(index: day.index + 1))
        let county = grid.countyCode
        let attendance = try await store.database.read { db in
            try db.queryOne(
                "SELECT signed_in_at, signed_out_at FROM attendance WHERE county_code = ? AND worker = ? AND day = ?",
                [.text(county), .text(worker), .text(day.description)]
            ).map { row in
                AttendanceDay(
                    worker: worker, day: day, grid: grid, signedInAt: try row.integer(0),
                    signedOutAt: try row.optionalInteger(1))
            }
        }
        let patrols = try await patrols(inGrid: grid, from: from, to: to).filter { $0.worker == worker }
        let (entries, notes, comments) = try await store.database.read {
            db -> ([WorkDay.Entry], String, [WorkDay.Comment]) in
            var entries: [WorkDay.Entry] = []
            for row in try db.query(
                """
                SELECT v.visited_at, p.name, v.finding, v.person_id, v.case_number FROM visits v
                JOIN people p ON p.county_code = v.county_code AND p.id = v.person_id
                WHERE v.county_code = ? AND v.grid_code = ? AND v.visitor = ? AND v.visited_at >= ? AND v.visited_at < ?
                """, [.text(county), .text(grid.digits), .text(worker), .integer(from), .integer(to)])
            {
                entries.append(
                    WorkDay.Entry(
                        kind: "visit", at: try row.integer(0), title: try row.text(1), detail: try row.text(2),
                        link: "/m/people/\(county)/\(try row.text(3))"))
            }
            for row in try db.query(
                """
                SELECT reported_at, number, category, description FROM cases
                WHERE county_code = ? AND region_code = ? AND reported_at >= ? AND reported_at < ? AND discoverer = ?
                """, [.text(county), .text(grid.digits), .integer(from), .integer(to), .text(worker)])
            {
                entries.append(
                    WorkDay.Entry(
                        kind: "report", at: try row.integer(0), title: try row.text(1), detail: try row.text(3),
                        link: "/cases/\(try row.text(1))"))
            }
            for row in try db.query(
                """
                SELECT inspected_at, place_name, failed, place_kind, place_code FROM inspections
                WHERE county_code = ? AND grid_code = ? AND inspector = ? AND inspected_at >= ? AND inspected_at < ?
                """, [.text(county), .text(grid.digits), .text(worker), .integer(from), .integer(to)])
            {
                entries.append(
                    WorkDay.Entry(
                        kind: "inspection", at: try row.integer(0), title: try row.text(1),
                        detail: String(try row.integer(2)),
                        link: "/m/inspections/new?place=\(try row.text(3))&code=\(try row.text(4))&county=\(county)"))
            }
            let notes =
                try db.queryOne(
                    "SELECT notes FROM work_logs WHERE county_code = ? AND worker = ? AND day = ?",
                    [.text(county), .text(worker), .text(day.description)]
                ).map { try $0.text(0) } ?? ""
            let comments = try db.query(
                """
                SELECT author, body, at FROM work_log_comments WHERE county_code = ? AND worker = ? AND day = ?
                ORDER BY seq
                """, [.text(county), .text(worker), .text(day.description)]
            ).map { WorkDay.Comment(author: try $0.text(0), body: try $0.text(1), at: try $0.integer(2)) }
            return (entries.sorted { $0.at < $1.at }, notes, comments)
        }
        return WorkDay(
            worker: worker, grid: grid, day: day, attendance: attendance, patrols: patrols, entries: entries,
            notes: notes, comments: comments)
    }

    /// The caller's notes on their day, today or up to ``workLogEditableDays`` before.
    public func saveWorkNotes(_ text: String, day: CalendarDay, grid: RegionCode) async throws {
        try requirePatroller()
        try requireInScope(grid)
        let today = WorkingCalendar.local(store.now.now).0
        guard day <= today, today.index - day.index <= Self.workLogEditableDays else {
            throw StoreError.invalid(field: "day", reason: "notes are written for today or the last 7 days")
        }
        let notes = try TextRule(length: 0...5000).checked(text, field: "notes")
        let at = store.now.epochMilliseconds
        try await store.database.write { db in
            try db.execute(
                "DELETE FROM work_logs WHERE county_code = ? AND worker = ? AND day = ?",
                [.text(grid.countyCode), .text(caller.actor), .text(day.description)])
            try db.execute(
                """
                INSERT INTO work_logs (county_code, worker, day, grid_code, notes, updated_at) VALUES (?, ?, ?, ?, ?, ?)
                """,
                [
                    .text(grid.countyCode), .text(caller.actor), .text(day.description), .text(grid.digits),
                    .text(notes), .integer(at),
                ])
            try Journal.append(
                JournalChange(
                    chain: grid.countyCode, actor: caller.actor, action: "work_log.notes", entity: "work_logs",
                    entityID: caller.actor + "/" + day.description, after: ["length": .number(Double(notes.count))]),
                at: at, on: db)
        }
    }

    /// A grid leader's (or a station's or centre's) comment on a worker's day in their scope.
    public func commentOnWorkDay(worker: String, grid: RegionCode, day: CalendarDay, _ text: String) async throws {
        guard [.gridleader, .station, .centre].contains(caller.role) else {
            throw StoreError.outOfScope("commenting on a worker's day")
        }
        try requireInScope(grid)
        let body = try TextRule(length: 1...1000).checked(text, field: "comment")
        let at = store.now.epochMilliseconds
        try await store.database.write { db in
            let seq =
                try db.queryOne(
                    """
                    SELECT COALESCE(MAX(seq), 0) + 1 FROM work_log_comments
                    WHERE county_code = ? AND worker = ? AND day = ?
                    """, [.text(grid.countyCode), .text(worker), .text(day.description)]
                ).map { try $0.integer(0) } ?? 1
            try db.execute(
                """
                INSERT INTO work_log_comments (county_code, worker, day, seq, author, body, at)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """,
                [
                    .text(grid.countyCode), .text(worker), .text(day.description), .integer(seq), .text(caller.actor),
                    .text(body), .integer(at),
                ])
            try Journal.append(
                JournalChange(
                    chain: grid.countyCode, actor: caller.actor, action: "work_log.comment",
                    entity: "work_log_comments", entityID: worker + "/" + day.description, after: [:]),
                at: at, on: db)
        }
    }

    /// The workers with something on `day` in the caller's scope (signed in, patrolled, visited,
    /// reported, inspected or wrote notes), each with their grid: a grid leader's list of days to read.
    public func workersActive(on day: CalendarDay) async throws -> [(worker: String, grid: RegionCode)] {
        try requireRegistryReader()
        let range = caller.scope.regionRange
        let (from, to) = (
            WorkingCalendar.startMilliseconds(of: day),
            WorkingCalendar.startMilliseconds(of: CalendarDay(index: day.index + 1))
        )
        let rows = try await store.database.read { db in
            try db.query(
                """
                SELECT worker, grid_code FROM attendance WHERE day = ? AND grid_code >= ? AND grid_code < ?
                UNION SELECT worker, grid_code FROM work_logs WHERE day = ? AND grid_code >= ? AND grid_code < ?
                UNION SELECT worker, grid_code FROM patrols WHERE started_at >= ? AND started_at < ?
                    AND grid_code >= ? AND grid_code < ?
                UNION SELECT visitor, grid_code FROM visits WHERE visited_at >= ? AND visited_at < ?
                    AND grid_code >= ? AND grid_code < ?
                UNION SELECT inspector, grid_code FROM inspections WHERE inspected_at >= ? AND inspected_at < ?
                    AND grid_code >= ? AND grid_code < ?
                """,
                [
                    .text(day.description), .text(range.lowerBound), .text(range.upperBound), .text(day.description),
                    .text(range.lowerBound), .text(range.upperBound), .integer(from), .integer(to),
                    .text(range.lowerBound), .text(range.upperBound), .integer(from), .integer(to),
                    .text(range.lowerBound), .text(range.upperBound), .integer(from), .integer(to),
                    .text(range.lowerBound), .text(range.upperBound),
                ])
        }
        return try rows.compactMap { row in
            guard let grid = try? RegionCode(try row.text(1)) else { return nil }
            return (try row.text(0), grid)
        }.sorted { ($0.grid.digits, $0.worker) < ($1.grid.digits, $1.worker) }
    }
}
