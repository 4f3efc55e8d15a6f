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
            "rows": shown.map {
                [
                    "line": $0.line,
                    "field": $0.field.flatMap { PageErrors.label(of: $0, strings: strings) } ?? $0.field ?? "",
                    "reason": $0.reason.text(strings),
                ] as [String: Any]
            },
        ]
    }
}
