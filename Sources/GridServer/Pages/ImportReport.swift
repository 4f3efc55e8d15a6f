import Foundation
import GridCore

/// A refused import as its page shows it: the file, how many bad lines, and each line's number,
/// column (labelled in the page's language) and reason, up to ``limit`` lines — a wholly wrong
/// file (the wrong columns, say) would otherwise make a page of 600,000 rows. The count stays
/// complete.
enum ImportReport {
    static let limit = 1000

    static func values(_ problems: ImportProblems, file: String, strings: [String: String]) -> [String: Any] {
        let shown = problems.problems.prefix(limit)
        return [
            "file": file, "count": problems.problems.count,
            "more": problems.problems.count > shown.count
                ? "\(shown.count) / \(problems.problems.count)" : nil as String? as Any,
            "download": download(problems, strings: strings),
            "report_name": (file as NSString).deletingPathExtension + "-errors.csv",
            "rows": shown.map {
                [
                    "line": $0.line,
                    "field": $0.field.flatMap { PageErrors.label(of: $0, strings: strings) } ?? $0.field ?? "",
                    "reason": $0.reason.text(strings),
                ] as [String: Any]
            },
        ]
    }

    /// Every problem (up to a bound) as a CSV file in a `data:` link: line, column, reason.
    static func download(_ problems: ImportProblems, strings: [String: String]) -> String {
        let header = [strings["col_line"] ?? "", strings["col_field"] ?? "", strings["col_reason"] ?? ""]
        let rows = problems.problems.prefix(100_000).map { problem in
            [
                String(problem.line),
                problem.field.flatMap { PageErrors.label(of: $0, strings: strings) } ?? problem.field ?? "",
                problem.reason.text(strings),
            ]
        }
        let encoded = CSVTable.text([header] + rows).addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
        return "data:text/csv;charset=utf-8," + encoded
    }
}
