import ArgumentParser
import Foundation
import GRDB
import GridCore
import Hummingbird
import Logging

/// `gridgov bench …`: the measuring pieces `scripts/bench` runs, each printing one JSON line.
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench", abstract: "Benchmark pieces (run through scripts/bench, in a release build).",
        subcommands: [
            Locate.self, InsertCeiling.self, Hello.self, SeedCases.self, IntakeStore.self, Addresses.self, People.self,
            FieldWork.self, Dashboard.self, HotspotLattice.self, CampaignBench.self,
        ])

    /// The sample at `percent` (50, 99) of sorted timings, or 0 when there are none.
    static func percentile(_ sorted: [Double], _ percent: Int) -> Double {
        sorted.isEmpty ? 0 : sorted[min(sorted.count - 1, sorted.count * percent / 100)]
    }

    /// Lookups per second of `locate` over a province's grids, on one core, beside the ceiling of
    /// merely generating the points and hashing them to a bucket.
    struct Locate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "locate")
        @Option var lookups = 2_000_000
        @Option var seed: UInt64 = 1

        func run() async throws {
            let territory = try DemoTerritory(scale: .province, seed: seed)
            let grids = territory.regions.filter { $0.level == .grid }.compactMap { r in
                r.boundary.map { (key: r.code, boundary: $0) }
            }
            let buildStart = Date()
            let index = SpatialIndex(grids)
            let buildSeconds = Date().timeIntervalSince(buildStart)
            var extent = BoundingBox.empty
            for grid in grids { extent.extend(grid.boundary.boundingBox) }
            var random = SeededGenerator(seed: seed)
            let points = (0..<lookups).map { _ in
                GeoPoint(
                    lat: Double.random(in: extent.minLat...extent.maxLat, using: &random),
                    lng: Double.random(in: extent.minLng...extent.maxLng, using: &random))
            }
            var answers: [RegionCode?] = []
            answers.reserveCapacity(points.count)
            let start = Date()
            for point in points { answers.append(index.locate(point)) }
            let seconds = Date().timeIntervalSince(start)
            // Ceiling: an oracle that already knows the grid and runs one point-in-polygon test.
            let boundaries = Dictionary(uniqueKeysWithValues: grids.map { ($0.key, $0.boundary) })
            let oracle = answers.map { $0.flatMap { boundaries[$0] } }
            var confirmed = 0
            let ceilingStart = Date()
            for (point, boundary) in zip(points, oracle) where boundary?.contains(point) == true { confirmed += 1 }
            let ceilingSeconds = max(Date().timeIntervalSince(ceilingStart), 1e-9)
            print(
                #"{"grids":\#(grids.count),"lookups":\#(lookups),"found":\#(confirmed),"index_build_s":\#(buildSeconds),"#
                    + #""lookups_per_s":\#(Double(lookups) / seconds),"ceiling_per_s":\#(Double(lookups) / ceilingSeconds)}"#
            )
        }
    }

    /// The raw durable insert ceiling: `rows` rows of the regions table's shape into a bare SQLite
    /// table (WAL, synchronous=FULL) in one transaction, with a prepared statement. With `--people`,
    /// rows of the people table's shape (sealed-length texts, distinct random blind indexes) into a
    /// table with the people table's indexes: the people import's work without parsing, checking
    /// or sealing.
    struct InsertCeiling: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "insert-ceiling")
        @Option var rows = 618_759
        @Option var data: String
        @Flag(help: "One durable commit per row instead of one transaction.")
        var singleCommits = false
        @Flag(help: "Rows and indexes of the people table's shape.")
        var people = false

        func run() async throws {
            if people { return try await insertPeople() }
            try FileManager.default.createDirectory(atPath: data, withIntermediateDirectories: true)
            let pool = try DatabasePool(path: (data as NSString).appendingPathComponent("ceiling.sqlite"))
            try await pool.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA synchronous = FULL") }
            try await pool.write { db in
                try db.execute(
                    sql:
                        "CREATE TABLE t (county_code TEXT, code TEXT, name TEXT, level INTEGER, parent_code TEXT, PRIMARY KEY (county_code, code))"
                )
            }
            let start = Date()
            if singleCommits {
                for n in 0..<rows {
                    try await pool.write { db in
                        let code = String(100_000_000_000 + n * 7)
                        try db.execute(
                            sql: "INSERT INTO t VALUES (?, ?, ?, ?, ?)",
                            arguments: [String(code.prefix(6)), code, "某社区", 5, "110000000000"])
                    }
                }
            } else {
                try await pool.write { db in
                    let statement = try db.makeStatement(sql: "INSERT INTO t VALUES (?, ?, ?, ?, ?)")
                    for n in 0..<rows {
                        let code = String(100_000_000_000 + n * 7)
                        try statement.execute(arguments: [String(code.prefix(6)), code, "某社区", 5, "110000000000"])
                    }
                }
            }
            let seconds = Date().timeIntervalSince(start)
            print(#"{"rows":\#(rows),"seconds":\#(seconds),"rows_per_s":\#(Double(rows) / seconds)}"#)
        }

        func insertPeople() async throws {
            try FileManager.default.createDirectory(atPath: data, withIntermediateDirectories: true)
            let pool = try DatabasePool(path: (data as NSString).appendingPathComponent("ceiling.sqlite"))
            try await pool.writeWithoutTransaction { db in
                try db.execute(sql: "PRAGMA synchronous = FULL")
                try db.execute(sql: "PRAGMA cache_size = -65536")
            }
            try await pool.write { db in
                try db.execute(
                    sql: """
                        CREATE TABLE people (county_code TEXT NOT NULL, id TEXT NOT NULL, grid_code TEXT NOT NULL,
                            name TEXT NOT NULL, identity_sealed TEXT, identity_index TEXT, identity_masked TEXT,
                            birth_date TEXT, sex TEXT, phone_sealed TEXT, phone_index TEXT, phone_masked TEXT,
                            ethnicity TEXT, population_type TEXT NOT NULL, address TEXT, address_code TEXT,
                            tags TEXT NOT NULL, updated_at BIGINT NOT NULL, PRIMARY KEY (county_code, id));
                        CREATE UNIQUE INDEX people_by_identity ON people (county_code, identity_index);
                        CREATE INDEX people_by_grid ON people (county_code, grid_code, name);
                        CREATE INDEX people_by_phone ON people (county_code, phone_index);
                        CREATE INDEX people_by_address ON people (county_code, address_code);
                        CREATE INDEX people_by_identity_alone ON people (identity_index);
                        CREATE INDEX people_by_phone_alone ON people (phone_index);
                        """)
            }
            let sealed = "v1:0a1b2c3d:" + String(repeating: "QUJD", count: 15)
            let rows = self.rows
            let start = Date()
            try await pool.write { db in
                var random = SeededGenerator(seed: 1)
                func hex() -> String { Hex.lowercase((0..<16).map { _ in UInt8.random(in: 0...255, using: &random) }) }
                let statement = try db.makeStatement(
                    sql: "INSERT INTO people VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                for n in 0..<rows {
                    let grid = String(format: "330106%03d%03d%03d", n % 10 + 1, (n / 10) % 10 + 1, (n / 100) % 10 + 1)
                    try statement.execute(arguments: [
                        "330106", hex(), grid, "居民\(n)", sealed, hex(), "3301**********123X", "1980-01-01", "male",
                        sealed, hex(), "130****0000", nil, "01", nil, nil, "[]", 1_795_334_400_000,
                    ])
                }
            }
            let seconds = Date().timeIntervalSince(start)
            print(#"{"rows":\#(rows),"seconds":\#(seconds),"rows_per_s":\#(Double(rows) / seconds)}"#)
        }
    }

    /// The HTTP ceiling: a Hummingbird server answering "hello" and echoing JSON, nothing else.
    struct Hello: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "hello")
        @Option var port = 0

        func run() async throws {
            let router = Router()
            router.get("/healthz") { _, _ in "hello" }
            router.post("/echo") { request, _ in
                let body = try await request.body.collect(upTo: 1 << 20)
                return Response(
                    status: .created, headers: [.contentType: "application/json"], body: .init(byteBuffer: body))
            }
            let app = Application(
                router: router, configuration: .init(address: .hostname("127.0.0.1", port: port)),
                onServerRunning: { channel in
                    FileHandle.standardOutput.write(
                        Data("listening on http://127.0.0.1:\(channel.localAddress?.port ?? port)\n".utf8))
                }, logger: Logger(label: "hello"))
            try await app.runService()
        }
    }
}
