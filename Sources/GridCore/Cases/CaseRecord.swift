import Foundation

/// How a case reached GridGov.
public enum CaseChannel: String, Sendable, Hashable, Codable, CaseIterable {
    /// 网格员巡查上报
    case patrol
    /// 群众上报 (portal, app)
    case resident
    /// 12345 热线
    case hotline
    /// 上级交办
    case assigned
    /// 物联感知/视频智能分析 through an integration token
    case integration
    /// Open311 GeoReport v2 clients
    case open311
}

/// A resident's rating of a closed case.
public enum CaseRating: String, Sendable, Hashable, Codable, CaseIterable {
    case satisfied
    case basicallySatisfied = "basically_satisfied"
    case unsatisfied
}

/// One case (案卷) as stored: what was reported, where it stands, who has it and by when.
public struct CaseRecord: Sendable, Hashable {
    public var id: String
    /// `330106-20261122-0042`
    public var number: String
    public var countyCode: String
    /// The grid it lies in (or the most specific region known when no point was given).
    public var regionCode: RegionCode
    public var category: String
    public var description: String
    public var location: GeoPoint?
    public var address: String?
    public var channel: CaseChannel
    /// The reporting account, or `nil` for an anonymous resident.
    public var reporter: String?
    public var reporterPhone: String?
    /// The grid worker who found it on patrol (巡办分离 keeps them from handling it).
    public var discoverer: String?
    public var state: CaseState
    /// The command centre region that owns the case (a township's or the county's).
    public var centreCode: RegionCode
    /// The unit handling it: a region code (workstation, township) or a department code. Until the
    /// case is dispatched or whistled it is only where intake routed it (``dispatchedToUnit``).
    public var unit: String?
    /// Whether the case was dispatched or whistled to `unit`. Only then does the unit hold the case:
    /// a department sees it, and the unit holds the handling unit's post.
    public var dispatchedToUnit: Bool
    /// Departments whistled to co-handle, and whether each has reported in.
    public var coHandlers: [String: Bool]
    /// The step whose clock runs, and when it started and falls due.
    public var step: CaseStep?
    public var stepStartedAtMilliseconds: Int64
    public var dueAtMilliseconds: Int64?
    public var extensionRequestedHours: Double?
    public var voidReason: String?
    public var duplicateOf: String?
    public var likelyDuplicates: [String]
    public var reopened: Bool
    public var rating: CaseRating?
    public var reportedAtMilliseconds: Int64
    public var updatedAtMilliseconds: Int64
    /// The step for which overdue supervision (督办) has been raised, so it is raised once.
    public var supervisedStep: CaseStep?
    /// When the step turns yellow (黄灯), and the step for which urging (催办) has been raised.
    public var warnAtMilliseconds: Int64?
    public var urgedStep: CaseStep?
    /// 吹哨报到: when the called departments must have reported in; cleared once they all have, or
    /// once their lateness has been supervised.
    public var reportInDueAtMilliseconds: Int64?

    /// 位置待确认: reported with an address only, the case waits at its county for the intake
    /// operator to place it on the map (``CaseAction/locate``). A case without a point in a
    /// township, community or grid is placed well enough to be routed.
    public var locationPending: Bool { location == nil && regionCode.level <= .county }

    public init(
        id: String, number: String, countyCode: String, regionCode: RegionCode, category: String, description: String,
        location: GeoPoint?, address: String?, channel: CaseChannel, reporter: String?, reporterPhone: String?,
        discoverer: String?, state: CaseState, centreCode: RegionCode, unit: String?, coHandlers: [String: Bool] = [:],
        step: CaseStep?, stepStartedAtMilliseconds: Int64, dueAtMilliseconds: Int64?,
        extensionRequestedHours: Double? = nil,
        voidReason: String? = nil, duplicateOf: String? = nil, likelyDuplicates: [String] = [], reopened: Bool = false,
        rating: CaseRating? = nil, reportedAtMilliseconds: Int64, updatedAtMilliseconds: Int64,
        supervisedStep: CaseStep? = nil,
        warnAtMilliseconds: Int64? = nil, urgedStep: CaseStep? = nil, reportInDueAtMilliseconds: Int64? = nil,
        dispatchedToUnit: Bool = false
    ) {
        self.id = id
        self.number = number
        self.countyCode = countyCode
        self.regionCode = regionCode
        self.category = category
        self.description = description
        self.location = location
        self.address = address
        self.channel = channel
        self.reporter = reporter
        self.reporterPhone = reporterPhone
        self.discoverer = discoverer
        self.state = state
        self.centreCode = centreCode
        self.unit = unit
        self.coHandlers = coHandlers
        self.step = step
        self.stepStartedAtMilliseconds = stepStartedAtMilliseconds
        self.dueAtMilliseconds = dueAtMilliseconds
        self.extensionRequestedHours = extensionRequestedHours
        self.voidReason = voidReason
        self.duplicateOf = duplicateOf
        self.likelyDuplicates = likelyDuplicates
        self.reopened = reopened
        self.rating = rating
        self.reportedAtMilliseconds = reportedAtMilliseconds
        self.updatedAtMilliseconds = updatedAtMilliseconds
        self.supervisedStep = supervisedStep
        self.warnAtMilliseconds = warnAtMilliseconds
        self.urgedStep = urgedStep
        self.reportInDueAtMilliseconds = reportInDueAtMilliseconds
        self.dispatchedToUnit = dispatchedToUnit
    }

    /// The unit that holds the case now: `unit` once the case was dispatched or whistled to it.
    public var handlingUnit: String? { dispatchedToUnit ? unit : nil }

    /// Starts the clock of `step` (or stops it when `nil`): due after `limitHours` working hours on
    /// `calendar`, yellow after 80% of them; supervision and urging start afresh. In an emergency
    /// both shrink by the level's rule (``EmergencyLevel/limitShare``, ``EmergencyLevel/warningShare``).
    public mutating func startClock(
        _ step: CaseStep?, at start: Date, limitHours: Double, calendar: WorkingCalendar,
        emergency: EmergencyLevel? = nil
    ) {
        let limitHours = limitHours * (emergency?.limitShare ?? 1)
        let warningShare = emergency?.warningShare ?? 0.8
        self.step = step
        stepStartedAtMilliseconds = start.epochMilliseconds
        dueAtMilliseconds = step.map { _ in calendar.adding(workingHours: limitHours, to: start).epochMilliseconds }
        warnAtMilliseconds = step.map { _ in
            calendar.adding(workingHours: limitHours * warningShare, to: start).epochMilliseconds
        }
        supervisedStep = nil
        urgedStep = nil
    }

    /// The step a state's clock measures, if any.
    public static func step(for state: CaseState) -> CaseStep? {
        switch state {
        case .reported: .accept
        case .accepted, .registered: .dispatch
        case .dispatched, .handling: .handle
        case .handled, .selfHandled: .verify
        default: nil
        }
    }
}

/// Routing: category + location → the unit that handles and the centre that owns a case.
public enum DispatchRule {
    /// The lowest level that can handle it: the grid's community, its township, the county or a
    /// department of the county. Departments and the county answer to the county's centre; the
    /// rest to the township's.
    public static func route(_ category: CaseCategory, grid: RegionCode) -> (unit: String, centre: RegionCode) {
        let county = (try? RegionCode(grid.countyCode)) ?? grid
        let township = (try? RegionCode(String(grid.digits.prefix(9)))) ?? county
        switch category.handler {
        case .community:
            let community = (try? RegionCode(String(grid.digits.prefix(12)))) ?? township
            return (community.digits, township)
        case .township: return (township.digits, township)
        case .county: return (county.digits, county)
        case .department(let key): return ("\(grid.countyCode)-\(key)", county)
        }
    }

    /// Whether a unit code names a department (`330106-CG`) rather than a region.
    public static func isDepartment(_ unit: String) -> Bool {
        unit.contains(Character("-"))  // a Character: the String overload is Foundation's range(of:)
    }
}
