import Foundation
import GridCore
import GridStore
import Hummingbird

/// What an assessment request names: the area and the period, from `region`, and either
/// `period` (`day` 日报, `week` 周报, `month` 月报 to date, `last_month`) or `from` and `to`.
struct AssessmentQuery {
    var region: RegionCode?
    var period: AssessmentPeriod
    /// `day`, `week`, `month`, `last_month` or `custom`: which report the page is.
    var kind: String

    static let kinds = ["day", "week", "month", "last_month"]

    init(_ request: Request, today: CalendarDay) throws {
        let parameters = try request.queryParameters
        region = try parameters.get("region").map { try RegionRoutes.code($0, field: "region") }
        func day(_ name: String) throws -> CalendarDay? {
            guard let text = parameters.get(name) else { return nil }
            guard let day = CalendarDay(text) else {
                throw APIError.invalid(name, "'\(text)' is not a date YYYY-MM-DD")
            }
            return day
        }
        let (from, to) = (try day("from"), try day("to"))
        if let from, let to {
            do { period = try AssessmentPeriod(from: from, to: to) } catch { throw APIError.from(error) ?? error }
            kind = "custom"
            return
        }
        if from != nil || to != nil {
            throw APIError.invalid(from == nil ? "from" : "to", "from and to are given together")
        }
        kind = parameters.get("period") ?? "month"
        switch kind {
        case "day": period = try AssessmentPeriod(from: today, to: today)
        case "week": period = try AssessmentPeriod(from: CalendarDay(index: today.index - 6), to: today)
        case "month": period = AssessmentPeriod.monthToDate(today)
        case "last_month":
            let thisMonth = AssessmentPeriod.monthToDate(today)
            let last = CalendarDay(index: thisMonth.from.index - 1)
            period = try AssessmentPeriod(from: AssessmentPeriod.monthToDate(last).from, to: last)
        default:
            throw APIError.invalid(
                "period", "'\(kind)' is not one of day, week, month, last_month (or give from and to)")
        }
    }

    /// The query string that asks for the same area and period (`region=…&from=…&to=…`).
    var queryString: String {
        (region.map { "region=\($0.digits)&" } ?? "") + "from=\(period.from)&to=\(period.to)"
    }
}

extension AreaAssessment {
    /// Every indicator of the area as a table row: name, definition, figure and what it is made of.
    func indicatorRows() -> [(indicator: Indicator, ratio: Ratio?)] {
        Indicator.allCases.map { ($0, $0.ratio(area.inputs)) }
    }

    /// The assessment as the API and the exports give it.
    var json: JSONValue {
        func number(_ value: Double?) -> JSONValue { value.map { .number(($0 * 100).rounded() / 100) } ?? .null }
        func unit(_ unit: UnitAssessment) -> JSONValue {
            [
                "id": .string(unit.id), "name": .string(unit.name), "post": .string(unit.post.rawValue),
                "score": number(unit.score), "grade": JSONValue(unit.grade?.rawValue),
                "rank": unit.ranking?.rank.map { .number(Double($0)) } ?? .null,
                "previous_score": number(unit.ranking?.previousScore), "change": number(unit.ranking?.change),
            ]
        }
        return [
            "region": .string(area.id), "name": .string(area.name),
            "period": ["from": .string(period.from.description), "to": .string(period.to.description)],
            "score": number(area.score), "grade": JSONValue(area.grade?.rawValue),
            "previous_score": number(previousScore),
            "indicators": .array(
                indicatorRows().map { row in
                    [
                        "id": .string(row.indicator.rawValue), "name": .string(row.indicator.name),
                        "definition": .string(row.indicator.definition),
                        "higher_is_better": .bool(row.indicator.higherIsBetter),
                        "numerator": row.ratio.map { .number(Double($0.numerator)) } ?? .null,
                        "denominator": row.ratio.map { .number(Double($0.denominator)) } ?? .null,
                        "value": row.ratio?.value.map { .number(($0 * 10_000).rounded() / 10_000) } ?? .null,
                    ]
                }),
            "posts": .array(
                posts.map { post in
                    [
                        "post": .string(post.post.rawValue), "name": .string(post.post.name),
                        "score": number(post.score),
                        "grade": JSONValue(post.score.map { AssessmentGrade(score: $0).rawValue }),
                    ]
                }),
            "children": .array(children.map(unit)),
            "departments": .array(departments.map(unit)),
            "daily": .array(
                daily.map {
                    [
                        "day": .string($0.day.description), "reported": .number(Double($0.reported)),
                        "closed": .number(Double($0.closed)),
                    ]
                }),
        ]
    }
}
