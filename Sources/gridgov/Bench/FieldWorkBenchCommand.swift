import ArgumentParser
import Foundation
import GridCore
import GridStore

extension BenchCommand {
    /// Field work in the store (no HTTP), on the demo territory in `--data`:
    /// - track upload: `workers` grid workers patrolling at once, each sending `uploads` batches
    ///   of `points` positions; durable points per second and bytes stored per point;
    /// - due visits: a grid of `people` residents, one in seven a key person, and the worker's
    ///   due list read `reads` times; p50 and p99.
    struct FieldWork: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "field")
        @Option var workers = 64
        @Option var uploads = 50
        @Option var points = 1
        @Option var people = 2000
        @Option var reads = 500
        @Option var seed: UInt64 = 1
        @OptionGroup var store: StoreOptions

        func run() async throws {
            var random = SeededGenerator(seed: seed)
            let gridStore = try await store.openStore()
            let system = gridStore.scoped(to: .system("bench"))
            let county = try await system.topRegion(childBoundaries: false)
            var grids: [RegionCode] = []
            var frontier = county.children.map(\.code)
            while let code = frontier.popLast(), grids.count < workers {
                let node = try await system.region(code)
                if code.level >= .grid { grids.append(code) } else { frontier += node.children.map(\.code) }
            }
            guard !grids.isEmpty else { throw ValidationError("the store has no grids: run gridgov demo first") }
            let now = gridStore.now.epochMilliseconds
            // Track upload: every worker in a grid of their own starts a patrol, then all send at once.
            var patrols: [(ScopedStore, PatrolView, GeoPoint)] = []
            for index in 0..<workers {
                let grid = grids[index % grids.count]
                let caller = Caller(actor: "bench-worker-\(index)", role: .worker, scope: .region(grid))
                let scoped = gridStore.scoped(to: caller)
                let seat = try await system.region(grid).region?.seat ?? GeoPoint(lat: 30.27, lng: 120.15)
                patrols.append((scoped, try await scoped.startPatrol(), seat))
            }
            let pointsPerUpload = points
            let uploadsPerWorker = uploads
            let started = now - Int64(uploadsPerWorker * pointsPerUpload + 10) * 10_000
            let begun = Date()
            try await withThrowingTaskGroup(of: Void.self) { group in
                for (scoped, patrol, seat) in patrols {
                    group.addTask {
                        var step = 0
                        for _ in 0..<uploadsPerWorker {
                            var batch: [TrackPoint] = []
                            for _ in 0..<pointsPerUpload {
                                batch.append(
                                    TrackPoint(
                                        at: started + Int64(step) * 10_000,
                                        point: GeoPoint(lat: seat.lat + Double(step) * 0.000_1, lng: seat.lng)))
                                step += 1
                            }
                            _ = try await scoped.addTrackPoints(batch, to: patrol.id, county: patrol.county)
                        }
                    }
                }
                try await group.waitForAll()
            }
            let seconds = Date().timeIntervalSince(begun)
            let stored = workers * uploadsPerWorker * pointsPerUpload
            let bytes = try await gridStore.database.read { db in
                try db.queryOne("SELECT SUM(LENGTH(bytes)) FROM track_chunks", []).map { try $0.integer(0) } ?? 0
            }

            // Due visits over one grid of `people` residents.
            let grid = grids[0]
            var secret = [UInt8](repeating: 0, count: 32)
            for index in secret.indices { secret[index] = UInt8.random(in: 0...255, using: &random) }
            gridStore.useProtection(ProtectedFields(current: try ProtectedFields.Key(id: "bench", secret: secret)))
            var text = "name,grid_code\n"
            for n in 0..<people { text += "走访\(n),\(grid.digits)\n" }
            _ = try await gridStore.importPeople(utf8OrGBK: Array(text.utf8), source: "bench.csv", by: .system("bench"))
            let worker = gridStore.scoped(to: Caller(actor: "bench-visitor", role: .worker, scope: .region(grid)))
            let residents = try await worker.people(inGrid: grid, limit: 5000)
            let groups = ["C1", "C2", "C3", "03", "01"]
            for (index, person) in residents.enumerated() where index % 7 == 0 {
                try await worker.markKeyPerson(
                    id: person.id, county: grid.countyCode, group: groups[index % groups.count],
                    attention: AttentionLevel.allCases[index % 3], details: [:])
            }
            let keyPeople = try await worker.keyPeople(inGrid: grid).count
            var samples: [Double] = []
            let position = try await system.region(grid).region?.seat
            for _ in 0..<reads {
                let read = Date()
                _ = try await worker.dueVisits(inGrid: grid, from: position)
                samples.append(Date().timeIntervalSince(read) * 1000)
            }
            samples.sort()
            try await gridStore.close()
            let (p50, p99) = (BenchCommand.percentile(samples, 50), BenchCommand.percentile(samples, 99))
            print(
                #"{"workers":\#(workers),"points":\#(stored),"uploads":\#(workers * uploadsPerWorker),"#
                    + #""seconds":\#(seconds),"points_per_s":\#(Double(stored) / seconds),"#
                    + #""bytes_per_point":\#(Double(bytes) / Double(max(1, stored))),"#
                    + #""people":\#(residents.count),"key_people":\#(keyPeople),"#
                    + #""due_p50_ms":\#(p50),"due_p99_ms":\#(p99)}"#)
        }
    }
}
