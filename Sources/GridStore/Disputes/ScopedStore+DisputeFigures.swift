import Foundation
import GridCore

/// A mediation record (调解成效) for an area, a grid or a mediator.
public struct DisputeFigures: Sendable, Hashable {
    public var registered = 0
    /// Found by screening (排查).
    public var screened = 0
    /// Past registration.
    public var accepted = 0
    /// Mediation over: agreed, failed, or referred from mediation.
    public var mediated = 0
    public var agreed = 0
    /// Registered between parties who had a dispute before (矛盾反复).
    public var repeats = 0
    var daysToAgreement: [Double] = []

    /// 调解成功率: agreed ÷ mediated.
    public var successRate: Ratio { Ratio(agreed, mediated) }
    /// Mean days from registration to agreement.
    public var meanDaysToAgreement: Double? {
        daysToAgreement.isEmpty ? nil : daysToAgreement.reduce(0, +) / Double(daysToAgreement.count)
    }

    mutating func add(_ record: DisputeRecord, repeat isRepeat: Bool) {
        registered += 1
        if record.source == .screening { screened += 1 }
        if record.state != .registered { accepted += 1 }
        if record.agreedAt != nil || record.outcome == "no_agreement"
            || (record.outcome.map { DisputeReferral(rawValue: $0) != nil } ?? false && !record.mediators.isEmpty)
        {
            mediated += 1
        }
        if let agreed = record.agreedAt {
            self.agreed += 1
            daysToAgreement.append(Double(agreed - record.registeredAt) / 86_400_000)
        }
        if isRepeat { repeats += 1 }
    }
}

/// An area's mediation record (调解成效): in all, by grid, and by mediator or organisation.
public struct MediationRecord: Sendable {
    public var area: DisputeFigures
    public var grids: [(RegionCode, DisputeFigures)]
    /// Most mediated first.
    public var mediators: [(DisputeMediator, DisputeFigures)]
}

extension ScopedStore {
    /// The area's mediation record over its disputes registered in `period` (or all), at most the
    /// latest 20,000. A repeat is counted against the earlier disputes read, so a period's first
    /// dispute between two parties is not one even if they had a dispute before it.
    public func disputeFigures(in area: RegionCode? = nil, period: AssessmentPeriod? = nil) async throws
        -> MediationRecord
    {
        let registered = period.map {
            WorkingCalendar.startMilliseconds(
                of: $0.from)..<WorkingCalendar.startMilliseconds(
                    of: CalendarDay(index: $0.to.index + 1))
        }
        let records = try await disputes(in: area, limit: 20_000, registered: registered).sorted {
            $0.registeredAt < $1.registeredAt
        }
        var total = DisputeFigures()
        var grids: [RegionCode: DisputeFigures] = [:]
        var mediators: [DisputeMediator: DisputeFigures] = [:]
        var seen: Set<String> = []
        for record in records {
            let key = DisputeParty.key(record.parties)
            let isRepeat = !seen.insert("\(record.county)|\(key)").inserted
            total.add(record, repeat: isRepeat)
            grids[record.grid, default: DisputeFigures()].add(record, repeat: isRepeat)
            for mediator in record.mediators {
                let who = DisputeMediator(name: mediator.name, kind: mediator.kind)
                mediators[who, default: DisputeFigures()].add(record, repeat: isRepeat)
            }
        }
        return MediationRecord(
            area: total, grids: grids.sorted { $0.key < $1.key }.map { ($0.key, $0.value) },
            mediators: mediators.sorted { ($0.value.mediated, $0.key.name) > ($1.value.mediated, $1.key.name) }.map {
                ($0.key, $0.value)
            })
    }
}
