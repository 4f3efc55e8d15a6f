import Foundation
import GridCore

/// One switch of a region into emergency, between levels, or back to peace (`level` nil).
public struct EmergencySwitch: Sendable, Hashable {
    public var region: RegionCode
    public var at: Int64
    public var level: EmergencyLevel?
    public var actor: String
    public var reason: String
}

extension GridStore {
    /// Every region in emergency. Each step of each case needs it, so it is cached like the
    /// catalogue; a switch on this server shows at once, on another within the cache's life.
    public func emergencies() async throws -> EmergencyMap {
        let at = now.epochMilliseconds
        if let (cached, loadedAt) = emergencyCache.withLock({ $0 }), at - loadedAt < Self.catalogueCacheMilliseconds,
            at >= loadedAt
        {
            return cached
        }
        let map = EmergencyMap(
            try await database.read { db in
                try db.query("SELECT region_code, level, since, actor, reason FROM emergencies", []).map(
                    Self.decodeEmergency)
            })
        emergencyCache.withLock { $0 = (map, at) }
        return map
    }

    static func decodeEmergency(_ row: SQLRow) throws -> EmergencyState {
        guard let level = EmergencyLevel(rawValue: Int(try row.integer(1))) else {
            throw StoreError.corrupt("emergency of \((try? row.text(0)) ?? "?") has an unknown level")
        }
        return EmergencyState(
            region: try RegionCode(checking: try row.text(0)), level: level, since: try row.integer(2),
            actor: try row.text(3), reason: try row.text(4))
    }
}

extension ScopedStore {
    /// A `WHERE` clause (or nothing, for the whole territory) keeping rows whose `region_code` lies
    /// in the caller's area or above it — what concerns the caller — with its arguments.
    func regionsConcerningCaller() -> (sql: String, arguments: [SQLValue]) {
        guard let top = caller.scope.topRegion else { return ("", []) }
        let above = top.chain(upTo: .province).filter { $0 != top }
        let sql =
            " WHERE (region_code >= ? AND region_code < ?)"
            + (above.isEmpty ? "" : " OR region_code IN (\(above.map { _ in "?" }.joined(separator: ",")))")
        return (
            sql,
            [.text(top.subtreeRange.lowerBound), .text(top.subtreeRange.upperBound)] + above.map { .text($0.digits) }
        )
    }

    /// The emergencies that concern the caller: those governing its own region (declared at it or
    /// above) and those declared inside its subtree, most severe first.
    public func emergencies() async throws -> [EmergencyState] {
        let map = try await store.emergencies()
        let top = caller.scope.topRegion
        return map.states.values.filter { state in
            guard let top else { return true }
            return top.contains(state.region) || state.region.contains(top)
        }.sorted { ($0.level, $0.region) < ($1.level, $1.region) }
    }

    /// The level that governs the caller's own region, if any.
    public func governingEmergency() async throws -> EmergencyState? {
        guard let top = caller.scope.topRegion else { return nil }
        return try await store.emergencies().governing(top)
    }

    /// Recent switches in and out within the caller's subtree (and above it), newest first.
    public func emergencySwitches(limit: Int = 50) async throws -> [EmergencySwitch] {
        let (filter, values) = regionsConcerningCaller()
        let query =
            "SELECT region_code, at, level, actor, reason FROM emergency_switches\(filter) ORDER BY at DESC LIMIT \(max(1, min(limit, 500)))"
        return try await store.database.read { db in
            try db.query(query, values).map { row in
                EmergencySwitch(
                    region: try RegionCode(checking: try row.text(0)), at: try row.integer(1),
                    level: try row.optionalInteger(2).flatMap { EmergencyLevel(rawValue: Int($0)) },
                    actor: try row.text(3), reason: try row.text(4))
            }
        }
    }

    /// Switches `region`'s subtree into `level` (or to another level), or back to peace with `nil`:
    /// command centres and admins, within their scope, with a reason (2 to 500 characters);
    /// journaled on the region's county chain. Clocks started from now on run by the new level;
    /// steps already running keep their deadlines.
    @discardableResult
    public func switchEmergency(_ region: RegionCode, to level: EmergencyLevel?, reason: String) async throws
        -> EmergencySwitch
    {
        guard [.admin, .centre].contains(caller.role) else {
            throw StoreError.outOfScope("switching emergency levels (command centres and admins only)")
        }
        try requireInScope(region)
        guard region.level <= .grid else {
            throw StoreError.invalid(
                field: "region", reason: "a micro-grid cannot be switched on its own; switch its grid")
        }
        let text = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        guard (2...500).contains(text.count) else {
            throw StoreError.invalid(field: "reason", reason: "a reason of 2 to 500 characters is required")
        }
        let now = store.now.epochMilliseconds
        let actor = caller.actor
        let county = region.countyCode
        let at = try await store.database.write { db in
            guard try RegionQueries.find(region, on: db) != nil else { throw StoreError.notFound("region \(region)") }
            // A region's switches are ordered by time: a second one in the same millisecond comes after.
            let last = try db.queryOne(
                "SELECT MAX(at) FROM emergency_switches WHERE county_code = ? AND region_code = ?",
                [.text(county), .text(region.digits)])?.optionalInteger(0)
            let at = max(now, (last ?? 0) + 1)
            let before = try db.queryOne(
                "SELECT region_code, level, since, actor, reason FROM emergencies WHERE county_code = ? AND region_code = ?",
                [.text(county), .text(region.digits)]
            ).map(GridStore.decodeEmergency)
            switch (before?.level, level) {
            case (nil, nil):
                throw StoreError.conflict("region \(region) is not in emergency itself")
            case (let old?, let new?) where old == new:
                throw StoreError.conflict("region \(region) is in level \(new.numeral) already")
            case (_, let new?):
                try db.execute(
                    """
                    INSERT INTO emergencies (county_code, region_code, level, since, actor, reason) VALUES (?, ?, ?, ?, ?, ?)
                    ON CONFLICT (county_code, region_code) DO UPDATE SET level = excluded.level, since = excluded.since,
                      actor = excluded.actor, reason = excluded.reason
                    """,
                    [
                        .text(county), .text(region.digits), .integer(Int64(new.rawValue)), .integer(at), .text(actor),
                        .text(text),
                    ])
            case (_?, nil):
                try db.execute(
                    "DELETE FROM emergencies WHERE county_code = ? AND region_code = ?",
                    [.text(county), .text(region.digits)])
            }
            try db.execute(
                "INSERT INTO emergency_switches (county_code, region_code, at, level, actor, reason) VALUES (?, ?, ?, ?, ?, ?)",
                [
                    .text(county), .text(region.digits), .integer(at),
                    level.map { .integer(Int64($0.rawValue)) } ?? .null,
                    .text(actor), .text(text),
                ])
            try Journal.append(
                JournalChange(
                    chain: GridStore.chain(of: region), actor: actor,
                    action: level == nil ? "emergency.end" : "emergency.switch",
                    entity: "region", entityID: region.digits,
                    before: before.map { ["level": .number(Double($0.level.rawValue))] } ?? .null,
                    after: ["level": level.map { .number(Double($0.rawValue)) } ?? .null, "reason": .string(text)]),
                at: at, on: db)
            return at
        }
        store.emergencyCache.withLock { $0 = nil }
        return EmergencySwitch(region: region, at: at, level: level, actor: actor, reason: text)
    }
}
