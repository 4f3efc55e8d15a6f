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

extension ScopedStore {
    /// The area's mediation record in all, by grid and by mediator (or organisation), over its
    /// disputes (at most the latest 20,000).
    public func disputeFigures(in area: RegionCode? = nil) async throws -> (
        area: DisputeFigures, grids: [(RegionCode, DisputeFigures)], mediators: [(DisputeMediator, DisputeFigures)]
    ) {
        let records = try await disputes(in: area, limit: 20_000).sorted { $0.registeredAt < $1.registeredAt }
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
        return (
            total, grids.sorted { $0.key < $1.key }.map { ($0.key, $0.value) },
            mediators.sorted { ($0.value.mediated, $0.key.name) > ($1.value.mediated, $1.key.name) }.map {
                ($0.key, $0.value)
            }
        )
    }
}
