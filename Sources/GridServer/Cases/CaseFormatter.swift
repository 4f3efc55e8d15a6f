import Foundation
import GridCore
import GridStore

/// Turns cases into what the case pages show, in the page's language: names instead of codes
/// (category, grid, unit, state), Beijing times, the time-limit light.
struct CaseFormatter {
    let language: PageLanguage
    let strings: [String: String]
    let catalogue: CaseCatalogue
    /// Region and department names by code.
    let names: [String: String]

    /// A formatter that knows the names of every region and unit these cases mention.
    static func make(
        for records: [CaseRecord], scoped: ScopedStore, language: PageLanguage, also codes: Set<String> = []
    ) async throws -> CaseFormatter {
        var wanted = codes
        for record in records {
            wanted.insert(record.regionCode.digits)
            wanted.formUnion(Self.streetAndCommunity(of: record.regionCode))
            if let unit = record.unit { wanted.insert(unit) }
        }
        return CaseFormatter(
            language: language, strings: PageStrings.table(language), catalogue: try await scoped.store.catalogue(),
            names: try await scoped.names(of: wanted))
    }

    /// One case as a queue row or task card.
    func row(_ record: CaseRecord, _ status: TimeLimitStatus?) -> [String: Any] {
        [
            "number": record.number, "href": "/cases/\(record.number)", "category_name": categoryName(record.category),
            "state_name": stateName(record.state), "place": names[record.regionCode.digits] ?? record.regionCode.digits,
            "summary": TextRule.summary(of: record.description, codePoints: 60),
            "reported": Self.beijingTime(record.reportedAtMilliseconds),
            "due": record.dueAtMilliseconds.map(Self.beijingTime) as Any,
            "status_class": status.map(Self.statusClass) as Any,
            "status_name": status.map { strings["status_" + $0.rawValue] ?? $0.rawValue } as Any,
            "supervised": record.supervisedStep != nil && record.supervisedStep == record.step,
            "location_pending": record.locationPending,
            "unit_name": record.unit.map { names[$0] ?? $0 } as Any,
            "street": Self.streetAndCommunity(of: record.regionCode).compactMap { names[$0] }.joined(separator: " · "),
            "channel_name": strings["channel_" + record.channel.rawValue] ?? record.channel.rawValue,
            "step_name": record.step.map { strings["step_" + $0.rawValue] ?? $0.rawValue } as Any,
        ]
    }

    /// The codes of the street (乡镇/街道) and community (村/社区) a case's region lies in, as far
    /// as the region is below them: what operators place a case by.
    static func streetAndCommunity(of region: RegionCode) -> [String] {
        var codes: [String] = []
        if region.level > .township { codes.append(String(region.digits.prefix(9)) + "000") }
        if region.level > .village { codes.append(String(region.digits.prefix(12))) }
        return codes
    }

    /// One line of the live feed, as the feed's script writes the lines that follow.
    func feedItem(_ record: CaseRecord, _ status: TimeLimitStatus?) -> [String: Any] {
        [
            "href": "/cases/\(record.number)", "number": record.number, "category_name": categoryName(record.category),
            "state_name": stateName(record.state),
            "time": String(Self.beijingTime(record.updatedAtMilliseconds).suffix(5)),
            "alert": status == .red || (record.supervisedStep != nil && record.supervisedStep == record.step),
        ]
    }

    /// The cases as an export's table: a header row in the page's language, then one row a case.
    func table(_ records: [(CaseRecord, TimeLimitStatus?)]) -> [[String]] {
        let header = [
            "col_number", "col_category", "col_street", "col_place", "col_channel", "col_state", "col_unit",
            "col_step", "col_reported", "col_due", "col_light", "col_description",
        ].map { strings[$0] ?? $0 }
        return [header]
            + records.map { record, status in
                let row = self.row(record, status)
                return [
                    record.number, categoryName(record.category), row["street"] as? String ?? "",
                    row["place"] as? String ?? "", row["channel_name"] as? String ?? "", stateName(record.state),
                    row["unit_name"] as? String ?? "", row["step_name"] as? String ?? "",
                    row["reported"] as? String ?? "", row["due"] as? String ?? "", row["status_name"] as? String ?? "",
                    record.description,
                ]
            }
    }

    /// The CSS class of a time light (`s-normal`, `s-yellow`, `s-red`), for badges and map markers.
    static func statusClass(_ status: TimeLimitStatus) -> String { "s-" + status.rawValue }

    func categoryName(_ code: String) -> String {
        catalogue.categories.first { $0.code == code }?.displayName(in: language.workflowLanguage) ?? code
    }

    /// The workflow's own name for a state (GridCore's ``CaseState/displayName(in:)``), the same
    /// words `gridgov workflow show` and `/admin/workflows` use.
    func stateName(_ state: CaseState) -> String { state.displayName(in: language.workflowLanguage) }

    /// A history entry's or an action's name: a workflow action by the workflow's name; the entries
    /// that are not workflow steps (report, supervise, urge, attach, note) by the `history_…` strings.
    func actionName(_ action: String) -> String {
        if let step = CaseAction(rawValue: action) { return step.displayName(in: language.workflowLanguage) }
        return strings["history_" + action] ?? action.replacingOccurrences(of: "_", with: " ")
    }

    /// `2026-11-22 16:05` in Beijing time, as every user of the platform reads times.
    static func beijingTime(_ milliseconds: Int64) -> String {
        WorkingCalendar.wallClock(Date(epochMilliseconds: milliseconds))
    }

    /// The state names as JSON, for the live feed's script.
    var stateNamesJSON: String {
        JSONValue.object(
            Dictionary(uniqueKeysWithValues: CaseState.allCases.map { ($0.rawValue, JSONValue.string(stateName($0))) })
        ).canonicalText
    }

    /// The catalogue as `<optgroup>`s of reportable categories, `selected` marking the chosen one.
    func categoryGroups(selected: String?) -> [[String: Any]] {
        catalogue.categories.filter { $0.parent == nil }.map { top in
            [
                "name": top.displayName(in: language.workflowLanguage),
                "items": catalogue.categories.filter { $0.parent == top.code }.map { category in
                    [
                        "code": category.code, "name": category.displayName(in: language.workflowLanguage),
                        "selected": selected == category.code,
                    ]
                        as [String: Any]
                },
            ] as [String: Any]
        }
    }
}
