import ArgumentParser
import Foundation
import GridCore

/// `gridgov analyze`: the statistics of decision support, offered on any data for checking.
struct AnalyzeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "analyze", abstract: "Statistics on any lattice, for checking.", subcommands: [Hotspots.self])

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
}
