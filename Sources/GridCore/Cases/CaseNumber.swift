/// The human case number: county, Beijing date and the day's sequence, e.g. `330106-20261122-0042`.
public enum CaseNumber {
    public static func make(county: String, day: CalendarDay, sequence: Int) -> String {
        let (y, m, d) = day.components
        func pad(_ value: Int, _ width: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        return "\(county)-\(pad(y, 4))\(pad(m, 2))\(pad(d, 2))-\(pad(sequence, 4))"
    }
}
