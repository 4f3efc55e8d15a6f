import ArgumentParser
import Foundation
import GridCore

/// `gridgov analyze`: the statistics of decision support, offered on any data for checking.
struct AnalyzeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "analyze", abstract: "Statistics on any lattice, for checking.",
        subcommands: [Hotspots.self, Surge.self, Concealment.self])

    /// `gridgov analyze hotspots --input FILE.csv --distance D`: reads `grid_id,x,y,count` (x and y
    /// in metres), writes `grid_id,z,p` — Gi* with binary distance-band weights, each grid its own
    /// neighbour, p two-sided from the normal approximation.
    struct Hotspots: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Getis-Ord Gi* of every grid over a distance band: grid_id,x,y,count in, grid_id,z,p out.")
        @Option(help: "A CSV file with the header grid_id,x,y,count.") var input: String
        @Option(help: "The distance band in metres.") var distance: Double
        /// Rows past this are refused: a country's grids.
        static let maxRows = 2_000_000

        func run() async throws {
            guard distance.isFinite, distance > 0 else {
                throw ValidationError("--distance must be a positive number of metres")
            }
            let bytes: [UInt8]
            do { bytes = Array(try Data(contentsOf: URL(fileURLWithPath: input))) } catch {
                throw ValidationError("cannot read \(input): \(error.localizedDescription)")
            }
            let (read, lineProblems) = ImportTable.csv(String(decoding: bytes, as: UTF8.self))
            guard let table = read else { throw ValidationError("\(input): " + lineProblems.description) }
            let columns = ImportColumns(
                names: ["grid_id", "x", "y", "count"], required: ["grid_id", "x", "y", "count"], chinese: [:])
            var problems = lineProblems
            if case .failure(let header) = columns.positions(in: table.header) { problems.merge(header) }
            guard table.rows.count <= Self.maxRows else {
                throw ValidationError("\(input) has more than \(Self.maxRows) rows")
            }
            var seen = Set<String>()
            let cells = columns.rows(of: table, problems: &problems) {
                line, field, problems -> GridCore.Hotspots.Cell? in
                let id = field("grid_id")
                guard !id.isEmpty, seen.insert(id).inserted else {
                    problems.append(line, "grid_id", id.isEmpty ? "is empty" : "'\(id)' appears twice")
                    return nil
                }
                var numbers: [Double] = []
                for name in ["x", "y", "count"] {
                    guard let value = Double(field(name)), value.isFinite else {
                        problems.append(line, name, "'\(field(name))' is not a number")
                        return nil
                    }
                    numbers.append(value)
                }
                guard numbers[2] >= 0 else {
                    problems.append(line, "count", "a count is not negative")
                    return nil
                }
                return .init(id: id, x: numbers[0], y: numbers[1], count: numbers[2])
            }
            guard problems.isEmpty else { throw ValidationError("\(input): " + problems.description) }
            var output = "grid_id,z,p\n"
            for score in GridCore.Hotspots.scores(cells, distance: distance) {
                output += "\(score.id),\(score.z),\(score.p)\n"
            }
            FileHandle.standardOutput.write(Data(output.utf8))
        }
    }

    /// Reads a CSV file's rows under `columns`, refusing the file with every bad line named.
    static func rows<Row>(
        _ input: String, columns names: [String],
        _ row: (Int, (String) -> String, inout ImportProblems) -> Row?
    ) throws -> [Row] {
        let bytes: [UInt8]
        do { bytes = Array(try Data(contentsOf: URL(fileURLWithPath: input))) } catch {
            throw ValidationError("cannot read \(input): \(error.localizedDescription)")
        }
        let (read, lineProblems) = ImportTable.csv(String(decoding: bytes, as: UTF8.self))
        guard let table = read else { throw ValidationError("\(input): " + lineProblems.description) }
        let columns = ImportColumns(names: names, required: Set(names), chinese: [:])
        var problems = lineProblems
        if case .failure(let header) = columns.positions(in: table.header) { problems.merge(header) }
        guard table.rows.count <= Hotspots.maxRows else {
            throw ValidationError("\(input) has more than \(Hotspots.maxRows) rows")
        }
        let rows = columns.rows(of: table, problems: &problems) { line, field, problems in
            withoutActuallyEscaping(field) { field in row(line, field, &problems) }
        }
        guard problems.isEmpty else { throw ValidationError("\(input): " + problems.description) }
        return rows
    }

    /// `gridgov analyze surge --input FILE.csv [--window-days 3]`: reads `series,day,count,working`
    /// (day YYYY-MM-DD, working 1 or 0), takes each series' last `window-days` days as the window
    /// and the days before as its baseline, and writes `series,observed,expected,p` — the Poisson
    /// exceedance test of the surge warnings.
    struct Surge: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "The surge test per series: series,day,count,working in, series,observed,expected,p out.")
        @Option(help: "A CSV file with the header series,day,count,working.") var input: String
        @Option(help: "Days at the end of each series that form the window.") var windowDays = 3

        func run() async throws {
            guard (1...60).contains(windowDays) else { throw ValidationError("--window-days must be 1 to 60") }
            let rows = try AnalyzeCommand.rows(input, columns: ["series", "day", "count", "working"]) {
                line, field, problems -> (String, SurgeTest.Day)? in
                guard let day = CalendarDay(field("day")) else {
                    problems.append(line, "day", "'\(field("day"))' is not a date YYYY-MM-DD")
                    return nil
                }
                guard let count = Int(field("count")), count >= 0 else {
                    problems.append(line, "count", "'\(field("count"))' is not a count")
                    return nil
                }
                guard ["0", "1"].contains(field("working")) else {
                    problems.append(line, "working", "must be 1 or 0")
                    return nil
                }
                return (field("series"), SurgeTest.Day(day: day, count: count, working: field("working") == "1"))
            }
            var output = "series,observed,expected,p\n"
            var order: [String] = []
            var series: [String: [SurgeTest.Day]] = [:]
            for (name, day) in rows {
                if series[name] == nil { order.append(name) }
                series[name, default: []].append(day)
            }
            for name in order {
                let days = (series[name] ?? []).sorted { $0.day < $1.day }
                guard days.count > windowDays,
                    let result = SurgeTest.evaluate(
                        window: Array(days.suffix(windowDays)), baseline: Array(days.dropLast(windowDays)))
                else {
                    output += "\(name),,,\n"
                    continue
                }
                output += "\(name),\(result.observed),\(result.expected),\(result.p)\n"
            }
            FileHandle.standardOutput.write(Data(output.utf8))
        }
    }

    /// `gridgov analyze concealment --input FILE.csv`: reads `grid_id,outside,reports`, takes the
    /// norm as the share of outside reports over all rows, writes `grid_id,norm,p` — the one-sided
    /// binomial test of the concealment risk.
    struct Concealment: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "The concealment test per grid: grid_id,outside,reports in, grid_id,norm,p out.")
        @Option(help: "A CSV file with the header grid_id,outside,reports.") var input: String

        func run() async throws {
            let rows = try AnalyzeCommand.rows(input, columns: ["grid_id", "outside", "reports"]) {
                line, field, problems -> (String, Int, Int)? in
                guard let outside = Int(field("outside")), let reports = Int(field("reports")), outside >= 0,
                    reports >= outside
                else {
                    problems.append(line, "outside", "outside and reports must be counts, outside at most reports")
                    return nil
                }
                return (field("grid_id"), outside, reports)
            }
            let total = rows.reduce(0) { $0 + $1.2 }
            guard total > 0 else { throw ValidationError("\(input) has no reports") }
            let norm = Double(rows.reduce(0) { $0 + $1.1 }) / Double(total)
            var output = "grid_id,norm,p\n"
            for (grid, outside, reports) in rows {
                output +=
                    "\(grid),\(norm),\(ConcealmentTest.evaluate(outside: outside, reports: reports, norm: norm).p)\n"
            }
            FileHandle.standardOutput.write(Data(output.utf8))
        }
    }
}
