import ArgumentParser
import Foundation
import GridCore
@_spi(Seeding) import GridStore

/// Makes realistic past cases of one county, deterministically from a seed: the demo's year of
/// cases (`gridgov demo`) and the benchmarks' million (`gridgov bench seed-cases`).
struct SeedCaseGenerator {
    private struct Grid {
        var region: Region
        var seat: GeoPoint
    }

    private var random: SeededGenerator
    private let grids: [Grid]
    /// Cumulative weights of `grids`: a few hot grids report far more than quiet ones.
    private let gridWeights: [Double]
    private let categories: [CaseCategory]
    private let categoryWeights: [Double]
    private let departments: Set<String>
    private let calendar: WorkingCalendar
    private let now: Int64
    /// Beijing midnight starting today; cases fill the 365 days before it, so today's numbers stay free.
    private let todayStart: Int64

    private static let dayMilliseconds: Int64 = 86_400_000
    /// How often each category is reported, by code (others: 2).
    private static let categoryShares: [String: Double] = [
        "HJ01": 22, "SR01": 14, "MS01": 10, "JF01": 8, "SR02": 6, "HJ02": 5, "AQ01": 5, "JF02": 4, "MS02": 4, "AQ02": 2,
        "AQ03": 1, "ZA01": 3,
    ]
    private static let channels: [(CaseChannel, Double)] = [
        (.patrol, 42), (.resident, 25), (.hotline, 20), (.integration, 7), (.open311, 3), (.assigned, 3),
    ]
    private static let places = ["小区东门", "菜市场旁", "3号楼楼道", "公交站台", "沿街商铺前", "河道边", "停车场入口", "学校门口"]
    /// Open states by how often a case is found waiting there.
    private static let openStates: [(CaseState, Double)] = [
        (.reported, 1), (.accepted, 1), (.registered, 1), (.dispatched, 2), (.handling, 5), (.handled, 2),
        (.verified, 1),
        (.selfHandled, 0.5), (.suspended, 0.3),
    ]
    private static let channelWeights = cumulative(channels.map(\.1))
    private static let openStateWeights = cumulative(openStates.map(\.1))

    init(store: GridStore, county: RegionCode, seed: UInt64) async throws {
        guard county.level == .county else { throw ValidationError("--county must be a county code (6 digits)") }
        let scoped = store.scoped(to: .system("seed"))
        var found: [Grid] = []
        var frontier = [county]
        while let code = frontier.popLast() {
            for child in try await scoped.region(code).children {
                if child.level == .grid, let seat = child.seat {
                    found.append(Grid(region: child, seat: seat))
                } else if child.level < .grid {
                    frontier.append(child.code)
                }
            }
        }
        guard !found.isEmpty else {
            throw ValidationError("county \(county) has no grids with a seat; build it first (gridgov demo)")
        }
        grids = found.sorted { $0.region.code.digits < $1.region.code.digits }
        random = SeededGenerator(seed: seed)
        var weights: [Double] = []
        for _ in grids { weights.append(1 + 9 * pow(Double.random(in: 0..<1, using: &random), 4)) }
        gridWeights = Self.cumulative(weights)
        categories = try await store.catalogue().categories.filter { $0.parent != nil }
        categoryWeights = Self.cumulative(categories.map { Self.categoryShares[$0.code] ?? 2 })
        departments = Set(try await scoped.departments().map(\.code.text))
        calendar = store.calendar
        now = store.now.epochMilliseconds
        let (_, secondsToday) = WorkingCalendar.local(store.now.now)
        todayStart = now - now % 1000 - Int64(secondsToday) * 1000
    }

    /// The `index`th of `count` cases, in report-time order.
    mutating func make(_ index: Int, of count: Int) -> CaseRecord {
        let reportedAt = reportTime(index, of: count)
        let grid = grids[pick(gridWeights)]
        let category = categories[pick(categoryWeights)]
        let channel = Self.channels[pick(Self.channelWeights)].0
        let route = DispatchRule.route(category, grid: grid.region.code)
        var unit = route.unit
        // As intake does: a department the county lacks leaves the case with the county's centre.
        if unit.contains("-"), !departments.contains(unit) { unit = grid.region.code.countyCode + "000000" }
        let reporter: String? =
            switch channel {
            case .patrol: "gw-" + grid.region.code.digits
            case .hotline, .assigned: "center"
            case .integration: "iot-" + grid.region.code.countyCode
            case .resident, .open311: nil
            }
        let place = Self.places[Int.random(in: 0..<Self.places.count, using: &random)]
        var record = CaseRecord(
            id: ScopedStore.newCaseID(at: reportedAt, using: &random), number: "",
            countyCode: grid.region.code.countyCode,
            regionCode: grid.region.code, category: category.code,
            description: "\(category.name)：\(grid.region.name)\(place)，请尽快处理",
            location: GeoPoint(
                lat: grid.seat.lat + Double.random(in: -0.001...0.001, using: &random),
                lng: grid.seat.lng + Double.random(in: -0.001...0.001, using: &random)),
            address: grid.region.name + place, channel: channel, reporter: reporter,
            reporterPhone: channel == .resident
                ? "13" + String(UInt64.random(in: 100_000_000...999_999_999, using: &random)) : nil,
            discoverer: channel == .patrol ? reporter : nil, state: .reported, centreCode: route.centre, unit: unit,
            step: nil,
            stepStartedAtMilliseconds: reportedAt, dueAtMilliseconds: nil, reportedAtMilliseconds: reportedAt,
            updatedAtMilliseconds: reportedAt)
        let age = Double(now - reportedAt) / Double(Self.dayMilliseconds)
        // Nearly everything older than a fortnight is finished; younger cases are open more often the younger they are.
        let openShare = age < 14 ? 0.9 * exp(-age / 3) : 0.002
        if Double.random(in: 0..<1, using: &random) < openShare {
            record.state = Self.openStates[pick(Self.openStateWeights)].0
            let stepStart = reportedAt + Int64(Double(now - reportedAt) * Double.random(in: 0..<1, using: &random))
            let step = CaseRecord.step(for: record.state)
            record.startClock(
                step, at: Date(epochMilliseconds: stepStart), limitHours: step.map(category.limit) ?? 0,
                calendar: calendar)
            // What the server's minute loop would already have raised on an open case.
            if let due = record.dueAtMilliseconds, due < now { record.supervisedStep = step }
            if let warn = record.warnAtMilliseconds, warn < now { record.urgedStep = step }
            record.updatedAtMilliseconds = stepStart
        } else {
            let days = 0.2 + 6 * pow(Double.random(in: 0..<1, using: &random), 2)
            let took = Int64(Double(Self.dayMilliseconds) * days)
            // A recent case that would finish after now finished sooner: clamping it to now would stack
            // every such case on the same minute of the centre's feed.
            let finished =
                reportedAt + took < now
                ? reportedAt + took
                : reportedAt + Int64(Double(now - reportedAt) * Double.random(in: 0.3..<0.95, using: &random))
            let roll = Double.random(in: 0..<100, using: &random)
            switch roll {
            case ..<2: record.state = .rejected
            case ..<4: record.state = .merged
            case ..<4.5: record.state = .voided
            case ..<20: record.state = .closed
            default:
                record.state = .rated
                record.rating = roll < 97 ? .satisfied : roll < 99.5 ? .basicallySatisfied : .unsatisfied
                // An unsatisfied rating that stands is the second one, after the case was reopened once.
                record.reopened = record.rating == .unsatisfied
            }
            record.startClock(nil, at: Date(epochMilliseconds: finished), limitHours: 0, calendar: calendar)
            record.updatedAtMilliseconds = finished
        }
        // A case past dispatch went through it here (none is fixed on the spot).
        record.dispatchedToUnit = [.dispatched, .handling, .handled, .verified, .closed, .rated].contains(record.state)
        return record
    }

    /// Spreads `count` cases evenly over the 365 days before today, in order; within a day, most
    /// fall between 07:00 and 21:00.
    private mutating func reportTime(_ index: Int, of count: Int) -> Int64 {
        let position = (Double(index) + Double.random(in: 0..<1, using: &random)) / Double(count) * 365
        let day = position.rounded(.down)
        let fraction = position - day
        let hours =
            fraction < 0.05
            ? fraction / 0.05 * 7
            : fraction < 0.95 ? 7 + (fraction - 0.05) / 0.9 * 14 : 21 + (fraction - 0.95) / 0.05 * 3
        return todayStart - (365 - Int64(day)) * Self.dayMilliseconds + Int64(hours * 3_600_000)
    }

    private mutating func pick(_ cumulative: [Double]) -> Int {
        let target = Double.random(in: 0..<(cumulative.last ?? 1), using: &random)
        var low = 0
        var high = cumulative.count - 1
        while low < high {
            let middle = (low + high) / 2
            if cumulative[middle] > target { high = middle } else { low = middle + 1 }
        }
        return low
    }

    private static func cumulative(_ weights: [Double]) -> [Double] {
        var sum = 0.0
        return weights.map {
            sum += $0
            return sum
        }
    }
}
