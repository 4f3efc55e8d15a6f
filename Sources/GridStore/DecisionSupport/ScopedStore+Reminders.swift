import Foundation
import GridCore

/// One thing the caller should not forget (提醒), with where to act on it.
public struct Reminder: Sendable, Hashable {
    public enum Kind: String, Sendable, CaseIterable {
        /// A case step of the caller's past its due time.
        case overdueStep = "overdue_step"
        /// A key person due a visit today or overdue.
        case visitDue = "visit_due"
        /// A place due an inspection within the week.
        case inspectionDue = "inspection_due"
        /// A residence permit (居住证) running out within 30 days.
        case permitExpiring = "permit_expiring"
        /// A visa running out within 30 days.
        case visaExpiring = "visa_expiring"
        /// A warning not yet acknowledged.
        case warning
        /// A high-risk dispute still open (矛盾纠纷 重大风险), for the centres above it.
        case disputeHighRisk = "dispute_high_risk"
        /// A mediation step of the caller's near or past its time limit (矛盾纠纷 调处时限).
        case disputeDue = "dispute_due"
    }

    public var kind: Kind
    /// What it is about: a case number, a person's or place's name, a warning's area.
    public var subject: String
    /// When it was or is due (a day), for ordering and display.
    public var due: CalendarDay
    /// The page to act on it.
    public var link: String
}

extension ScopedStore {
    /// Days ahead an expiring permit or visa is reminded of.
    public static let expiryReminderDays = 30

    /// The caller's reminders, most pressing first: overdue case steps they can act on, and for the
    /// grid roles the visits, inspections and expiring documents of their grids (at most the
    /// first 50 grids of their scope), and for centres the open warnings.
    public func reminders() async throws -> [Reminder] {
        let today = WorkingCalendar.local(store.now.now).0
        var reminders: [Reminder] = []
        var query = CaseQuery()
        query.overdue = true
        query.limit = 50
        for (record, _) in try await cases(query).cases where !allowedActions(record).isEmpty {
            let due = record.dueAtMilliseconds.map { WorkingCalendar.local(Date(epochMilliseconds: $0)).0 } ?? today
            reminders.append(
                Reminder(kind: .overdueStep, subject: record.number, due: due, link: "/cases/\(record.number)"))
        }
        if [.worker, .gridleader, .station].contains(caller.role) {
            for grid in try await gridsToRemind() {
                for visit in try await dueVisits(inGrid: grid) where visit.urgency <= .today {
                    reminders.append(
                        Reminder(
                            kind: .visitDue, subject: visit.person.name, due: visit.dueDay,
                            link: "/m/visits/new?person=\(visit.person.id)&county=\(grid.countyCode)"))
                }
                for place in try await inspectionPlan(inGrid: grid) where place.dueDay.index <= today.index + 7 {
                    reminders.append(
                        Reminder(
                            kind: .inspectionDue, subject: place.name, due: place.dueDay,
                            link: "/m/inspections?grid=\(grid.digits)"))
                }
                let limit = CalendarDay(index: today.index + Self.expiryReminderDays)
                for person in try await people(inGrid: grid, limit: 5000) {
                    for (field, kind) in [
                        ("permit_expiry", Reminder.Kind.permitExpiring), ("visa_expiry", .visaExpiring),
                    ] {
                        guard let text = person.profile[field], let day = CalendarDay(text), day <= limit else {
                            continue
                        }
                        reminders.append(
                            Reminder(
                                kind: kind, subject: person.name, due: day,
                                link: "/m/people/\(grid.countyCode)/\(person.id)"))
                    }
                }
            }
        }
        if [.admin, .centre, .leader, .station].contains(caller.role) {
            for warning in try await warnings(openOnly: true, limit: 50) {
                reminders.append(
                    Reminder(
                        kind: .warning, subject: warning.node.digits, due: warning.day, link: "/center/warnings"))
            }
        }
        for dispute in try await highRiskDisputes() {
            reminders.append(
                Reminder(
                    kind: .disputeHighRisk, subject: dispute.number,
                    due: WorkingCalendar.local(Date(epochMilliseconds: dispute.registeredAt)).0,
                    link: "/disputes/\(dispute.county)/\(dispute.id)"))
        }
        for dispute in try await pressingDisputes() {
            guard let deadline = dispute.deadline else { continue }
            reminders.append(
                Reminder(
                    kind: .disputeDue, subject: dispute.number,
                    due: WorkingCalendar.local(Date(epochMilliseconds: deadline.dueAt)).0,
                    link: "/disputes/\(dispute.county)/\(dispute.id)"))
        }
        return reminders.sorted { ($0.due, $0.kind.rawValue, $0.subject) < ($1.due, $1.kind.rawValue, $1.subject) }
    }

    /// The grids of the caller's scope, a grid worker's own first (none for a micro-grid's worker).
    private func gridsToRemind() async throws -> [RegionCode] {
        guard let top = caller.scope.topRegion else { return [] }
        // A micro-grid's people, places and visits are its grid's, which its worker does not govern.
        if top.level >= .grid { return top.level == .grid ? [top] : [] }
        let range = top.subtreeRange
        return try await store.database.read { db in
            try db.query(
                """
                SELECT code FROM regions WHERE county_code = ? AND code >= ? AND code < ? AND LENGTH(code) = 15
                ORDER BY code LIMIT 50
                """, [.text(top.countyCode), .text(range.lowerBound), .text(range.upperBound)]
            ).compactMap { try? RegionCode(try $0.text(0)) }
        }
    }
}
