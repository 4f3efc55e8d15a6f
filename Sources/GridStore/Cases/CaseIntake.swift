import Foundation
import GridCore

/// What a reporter says: the same for every channel.
public struct CaseReport: Sendable, Hashable {
    public var category: String
    public var description: String
    /// WGS-84; located to its grid.
    public var location: GeoPoint?
    /// Where there is no point: the region it concerns.
    public var regionCode: RegionCode?
    public var address: String?
    public var channel: CaseChannel
    public var reporterPhone: String?
    /// Photos of the problem, stored with the case in the same transaction.
    public var photos: [Photo]

    public init(
        category: String, description: String, location: GeoPoint? = nil, regionCode: RegionCode? = nil,
        address: String? = nil, channel: CaseChannel, reporterPhone: String? = nil, photos: [Photo] = []
    ) {
        self.category = category
        self.description = description
        self.location = location
        self.regionCode = regionCode
        self.address = address
        self.channel = channel
        self.reporterPhone = reporterPhone
        self.photos = photos
    }
}

/// A new case and, for a reporter without an account, the secret that lets them track and rate it.
public struct ReportedCase: Sendable, Hashable {
    public var record: CaseRecord
    public var trackingToken: String?
}

extension ScopedStore {
    /// Duplicates: same category within this radius and window of an open case.
    public static let duplicateRadiusMetres = 100.0
    public static let duplicateWindowMilliseconds: Int64 = 72 * 3600 * 1000
    /// Photos one report or action may carry.
    public static let maxPhotos = 3

    /// Creates a case from any channel: checks it, locates it to its grid, routes it to the lowest
    /// unit that can handle it, numbers it, flags likely duplicates, and writes it with its first
    /// history row and journal entry through group commit.
    public func report(_ report: CaseReport) async throws -> ReportedCase {
        let description = try TextRule.caseText.checked(report.description, field: "description")
        try Self.checkChannel(report.channel, role: caller.role)
        if let phone = report.reporterPhone, !Self.isPhone(phone) {
            throw StoreError.invalid(
                field: "reporter_phone", reason: "'\(phone)' is not a mobile (11 digits) or landline number")
        }
        guard report.photos.count <= Self.maxPhotos else {
            throw StoreError.invalid(field: "photos", reason: "at most \(Self.maxPhotos) photos")
        }
        let address = try report.address.map { try TextRule(length: 0...200).checked($0, field: "address") }
        let catalogue = try await store.catalogue()
        let emergencies = try await store.emergencies()
        guard let category = catalogue.reportable(report.category) else {
            throw StoreError.invalid(
                field: "category", reason: "unknown category '\(report.category)'; see GET /api/v1/categories")
        }
        let region: RegionCode
        var location = report.location
        var matchedAddress: StandardAddress?
        if let point = report.location {
            guard let grid = try await store.locator.index().locate(point) else {
                throw StoreError.invalid(
                    field: "location", reason: "\(point.lat),\(point.lng) lies in no grid of the territory")
            }
            region = grid
        } else if let code = report.regionCode {
            guard code.level >= .township else {
                throw StoreError.invalid(
                    field: "region_code", reason: "a case without a point needs a township, community or grid")
            }
            region = code
        } else if let address = report.address, !address.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty,
            Self.addressOnlyChannels.contains(report.channel)
        {
            // Matched to the standard addresses: a confident match places the case in its grid (at
            // the address's point when the tree has one) and routes it at once; otherwise it waits
            // at the centre to be placed (位置待确认).
            let waiting = try await addressOnlyRegion()
            let match = try await store.addressMatcher(county: waiting.countyCode).match(address)
            if match.isConfident, let grid = match.regionCode, waiting.contains(grid) {
                region = grid
                location = match.address?.point
                matchedAddress = match.address
            } else {
                region = waiting
            }
        } else {
            throw StoreError.invalid(
                field: "location",
                reason:
                    "give a location (lat/lng) or a region_code (an address alone is taken from Open311 and the hotline)"
            )
        }
        // Residents and anonymous reporters may report anywhere; staff and integrations within their scope.
        if caller.role != .resident { try requireInScope(region) }

        let store = self.store
        let caller = self.caller
        let now = store.now.epochMilliseconds
        let counted = store.countsIntake
        let nowDate = store.now.now
        let (day, _) = WorkingCalendar.local(nowDate)
        let anonymous = caller.actor == ScopedStore.anonymousActor
        let trackingToken = caller.role == .resident ? Secrets.newTrackingCode() : nil
        let discoverer = report.channel == .patrol ? caller.actor : nil
        // A case to be located waits at its county's centre, routed to nobody until it is placed.
        let (routedUnit, centre) = region.level <= .county ? (nil, region) : DispatchRule.route(category, grid: region)
        let id = Self.newCaseID(at: now)  // here, not in the serial writer: it reads the system's random source
        // The duplicate check reads memory inside the writer (``OpenCaseIndex``). A department the
        // dispatch rule names is looked up before queueing on PostgreSQL, where inside the serial
        // writer each read is a round trip; on SQLite it is a primary-key probe inside the writer,
        // cheaper than the hop to a reader thread. A given region code is checked here on both, where a failing check cannot
        // cost its whole batch a replay.
        let readsDepartment = store.database.dialect == .postgres && routedUnit.map(DispatchRule.isDepartment) == true
        var earlyUnit: String?
        if readsDepartment || report.location == nil {
            let (regionKnown, unit) = try await store.database.readEachLatest { db in
                (
                    try report.location != nil || RegionQueries.exists(region, on: db),
                    try routedUnit.map { try Self.existingUnit($0, county: region.countyCode, on: db) }
                )
            }
            guard regionKnown else {
                throw StoreError.invalid(field: "region_code", reason: "unknown region \(region)")
            }
            earlyUnit = unit
        }
        let record = try await store.intakeWriter.submit { [earlyUnit, location, matchedAddress] db -> CaseRecord in
            let unit = try earlyUnit ?? routedUnit.map { try Self.existingUnit($0, county: region.countyCode, on: db) }
            // Numbered first: on PostgreSQL the counter it locks tells the duplicate check whether
            // another server has numbered cases this one has not seen.
            let number = try CaseQueries.nextNumber(county: region.countyCode, day: day, on: db)
            let duplicates = Self.ranked(
                try db.participant(OpenCasesInTransaction.self).nearby(
                    category: category.code, location: location,
                    county: region.countyCode, day: day, now: now, on: db))
            var record = CaseRecord(
                id: id, number: number,
                countyCode: region.countyCode, regionCode: region, category: category.code, description: description,
                location: location, address: address, channel: report.channel,
                reporter: anonymous ? nil : caller.actor,
                reporterPhone: report.reporterPhone, discoverer: discoverer, state: .reported, centreCode: centre,
                unit: unit,
                step: .accept, stepStartedAtMilliseconds: now, dueAtMilliseconds: nil, likelyDuplicates: duplicates,
                reportedAtMilliseconds: now, updatedAtMilliseconds: now)
            record.startClock(
                .accept, at: nowDate, limitHours: category.limit(.accept), calendar: store.calendar,
                emergency: emergencies.level(at: region))
            try CaseQueries.insert(record, trackingHash: trackingToken.map(Secrets.digest), on: db)
            var data: [String: JSONValue] = [
                "channel": .string(report.channel.rawValue),
                "likely_duplicates": .array(duplicates.map(JSONValue.string)),
            ]
            if let matchedAddress { data["standard_address"] = .string(matchedAddress.code) }
            try CaseQueries.appendHistory(
                record, actor: caller.actor, action: "report", from: nil, note: nil,
                data: .object(data), measure: counted ? CaseMeasure("report") : nil,
                at: now, on: db)
            try Journal.append(
                JournalChange(
                    chain: record.countyCode, actor: caller.actor, action: "case.report", entity: "case",
                    entityID: record.number, after: CaseQueries.journalImage(record)), at: now, on: db)
            for photo in report.photos { _ = try photo.store(on: record, by: caller.actor, at: now, on: db) }
            return record
        }
        store.events.publish(record)
        return ReportedCase(record: record, trackingToken: trackingToken)
    }

    /// Channels whose reports may carry an address alone: GeoReport v2 clients may send one, and a
    /// hotline operator types what the caller says. Elsewhere the reporter can place it (a phone,
    /// a map); a stranger's address-only report would only cost the centre time.
    static let addressOnlyChannels: Set<CaseChannel> = [.open311, .hotline]

    /// Where a case reported with an address only waits to be located (位置待确认): the top of the
    /// caller's scope when that lies within a county (a township's or a community's is placed well
    /// enough to be routed), or the one county of a wider scope. A scope spanning several counties
    /// cannot say which county's centre should place it.
    func addressOnlyRegion() async throws -> RegionCode {
        if let top = caller.scope.topRegion, top.level >= .county { return top }
        let range = caller.scope.regionRange
        let counties = try await store.database.read { db in
            var sql = "SELECT code FROM regions WHERE level = ?"
            var arguments: [SQLValue] = [.integer(Int64(RegionLevel.county.rawValue))]
            RegionQueries.appendRange(range, to: &sql, &arguments)
            return try db.query(sql + " ORDER BY code LIMIT 2", arguments).map { try $0.text(0) }
        }
        guard counties.count == 1, let county = try? RegionCode(counties[0]) else {
            throw StoreError.invalid(
                field: "address",
                reason:
                    "an address alone cannot say which county the case belongs to: give a position (lat/lng) or a region_code"
            )
        }
        return county
    }

    /// The unit a report is routed to: a department the dispatch rule names if the county has it,
    /// otherwise the county's command centre.
    static func existingUnit(_ unit: String, county: String, on db: any SQLConnection) throws -> String {
        guard DispatchRule.isDepartment(unit) else { return unit }
        let known =
            try db.queryOne(
                "SELECT 1 FROM departments WHERE county_code = ? AND code = ?", [.text(county), .text(unit)]) != nil
        return known ? unit : county + "000000"
    }

    /// A likely original: its number and when it was reported.
    typealias NearbyCase = (number: String, reportedAt: Int64)

    /// The 20 oldest likely originals, each once, by number.
    static func ranked(_ nearby: [NearbyCase]) -> [String] {
        var seen = Set<String>()
        return nearby.filter { seen.insert($0.number).inserted }
            .sorted { ($0.reportedAt, $0.number) < ($1.reportedAt, $1.number) }.prefix(20).map(\.number)
    }

    static func checkChannel(_ channel: CaseChannel, role: Role) throws(StoreError) {
        let allowed: Bool =
            switch channel {
            case .patrol: [.worker, .gridleader].contains(role)
            case .resident: true
            case .hotline, .assigned: [.centre, .leader, .admin].contains(role)
            case .integration: role == .integration
            case .open311: [.integration, .resident].contains(role)
            }
        guard allowed else {
            throw .invalid(field: "channel", reason: "a \(role.rawValue) cannot report through '\(channel.rawValue)'")
        }
    }

    static func isPhone(_ text: String) -> Bool {
        let digits = text.filter { $0 != "-" && $0 != " " }
        guard digits.allSatisfy(\.isASCII), digits.allSatisfy(\.isNumber) else { return false }
        if digits.count == 11 { return digits.hasPrefix("1") }
        return (7...12).contains(digits.count) && digits.hasPrefix("0")
    }

    /// Case ids sort by time (milliseconds in hex, then 64 random bits), so new cases append to the
    /// end of the table's key order instead of landing on random pages.
    static func newCaseID(at milliseconds: Int64) -> String {
        var random = SystemRandomNumberGenerator()
        return newCaseID(at: milliseconds, using: &random)
    }

    /// A case id whose random part comes from `generator`, so seeded bench data repeats exactly.
    public static func newCaseID(at milliseconds: Int64, using generator: inout some RandomNumberGenerator) -> String {
        let time = String(milliseconds, radix: 16)
        let random = String(UInt64.random(in: 0...UInt64.max, using: &generator), radix: 16)
        return String(repeating: "0", count: max(0, 12 - time.count)) + time + "-"
            + String(repeating: "0", count: max(0, 16 - random.count)) + random
    }

    /// The actor name of reporters without an account.
    public static let anonymousActor = "anonymous"
}
