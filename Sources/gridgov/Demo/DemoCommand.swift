import ArgumentParser
import Foundation
import GridCore
@_spi(Seeding) import GridStore

/// `gridgov demo`: builds the seeded demo territory with its departments and one account per role.
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo", abstract: "Build the demo territory in an empty store.")

    @OptionGroup var store: StoreOptions

    @Option(help: "county (1,000 grids) or province (61,000 grids).")
    var scale: String = "county"

    @Option(help: "Seed of the generator: the same seed gives the same territory.")
    var seed: UInt64 = 20_261_122

    @Option(
        help:
            "Past cases written over the year before today (county scale; GRIDGOV_DEMO_CASES; default \(DemoBuilder.defaultCases)). 0 for none."
    )
    var cases: Int?

    func run() async throws {
        guard let scale = DemoTerritory.Scale(rawValue: scale) else {
            throw ValidationError("--scale must be county or province")
        }
        let store = try await self.store.openStore()
        defer { Task { try? await store.close() } }
        guard try await store.isEmpty() else {
            throw ValidationError("the store already holds a territory; use an empty --data folder or database")
        }
        let config = try await self.store.reader()
        if case .sqlite(let directory) = self.store.location(config), try self.store.protection(config) == nil {
            try DemoBuilder.writeDemoKey(StoreOptions.demoKeyPath(directory))
            if let protection = try self.store.protection(config) { store.useProtection(protection) }
        }
        let summary = try await DemoBuilder.build(
            scale: scale, seed: seed, cases: try cases ?? DemoBuilder.casesFromEnvironment(), into: store)
        print(summary)
        try await store.close()
    }
}

/// Writes a ``DemoTerritory`` into a store; shared by `gridgov demo` and `gridgov serve --demo`.
enum DemoBuilder {
    /// A random protection key beside the demo's database, readable by its owner only, so the
    /// demo can hold identity numbers. A real deployment keeps its key elsewhere.
    static func writeDemoKey(_ path: String) throws {
        var generator = SystemRandomNumberGenerator()
        let hex = Hex.lowercase((0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) })
        guard
            FileManager.default.createFile(
                atPath: path, contents: Data((hex + "\n").utf8), attributes: [.posixPermissions: 0o600])
        else { throw ValidationError("cannot write \(path)") }
        print("wrote a demo protection key to \(path) (keep a real key off the database's disk)")
    }

    /// About a county's year: a hundred-odd reports a day, most of them long closed.
    static let defaultCases = 40_000

    /// `GRIDGOV_DEMO_CASES`, or the default.
    static func casesFromEnvironment() throws -> Int {
        guard let text = ProcessInfo.processInfo.environment["GRIDGOV_DEMO_CASES"] else { return defaultCases }
        guard let count = Int(text), (0...2_000_000).contains(count) else {
            throw ValidationError("GRIDGOV_DEMO_CASES must be a whole number from 0 to 2000000")
        }
        return count
    }

    /// `cases`: past cases over the year before today in the first county (county scale only), so
    /// the dashboards, queues and maps of a fresh demo have something to show.
    static func build(scale: DemoTerritory.Scale, seed: UInt64, cases: Int = 0, into store: GridStore) async throws
        -> String
    {
        let territory = try DemoTerritory(scale: scale, seed: seed)
        let system = Caller.system("demo")
        try await store.saveRegions(territory.regions, by: system)
        try await store.saveDepartments(territory.departments.map { ($0.code, $0.name) }, by: system)
        let password = ProcessInfo.processInfo.environment["GRIDGOV_DEMO_PASSWORD"] ?? "demo"
        for account in territory.accounts {
            try await store.addUser(
                Account(
                    username: account.username, displayName: account.displayName, role: account.role,
                    scope: account.scope), password: password, by: system)
        }
        let grids = territory.regions.filter { $0.level == .grid }.count
        var written = 0
        if cases > 0, scale == .county, let county = territory.regions.first(where: { $0.level == .county }) {
            var generator = try await SeedCaseGenerator(store: store, county: county.code, seed: seed)
            while written < cases {
                let size = min(20_000, cases - written)
                _ = try await store.seedCases(
                    (written..<written + size).map { generator.make($0, of: cases) }, by: .system("demo"))
                written += size
            }
        }
        let people = try await seedBaseData(territory, seed: seed, into: store)
        return "demo territory (\(scale.rawValue), seed \(seed)): \(territory.regions.count) regions, \(grids) grids, "
            + "\(territory.departments.count) departments, \(written) past cases, \(people) people, "
            + "accounts \(territory.accounts.map(\.username).joined(separator: ", "))"
    }

    /// Houses, people, shops and key people for the first grids of the first community (the demo
    /// worker's grid among them), through the real imports; only when identities can be sealed.
    static func seedBaseData(_ territory: DemoTerritory, seed: UInt64, into store: GridStore) async throws -> Int {
        guard store.hasProtection,
            let community = territory.regions.first(where: { $0.level == .village })
        else { return 0 }
        let grids = territory.regions.filter { $0.parentCode == community.code && $0.level == .grid }.prefix(3)
            .map(\.code)
        let data = DemoRegistries(grids: Array(grids), seed: seed)
        let system = Caller.system("demo")
        _ = try await store.importHouses(Array(data.houses.utf8), source: "demo-houses.csv", by: system)
        let (summary, _) = try await store.importPeople(
            utf8OrGBK: Array(data.people.utf8), source: "demo-people.csv", by: system)
        _ = try await store.importOrganisations(
            Array(data.organisations.utf8), source: "demo-units.csv", by: system)
        let centre = store.scoped(to: Caller(actor: "demo", role: .centre, scope: .region(community.code)))
        for member in data.keyPeople {
            guard let person = try await centre.person(identityNumber: member.identityNumber) else { continue }
            try await centre.markKeyPerson(
                id: person.id, county: member.grid.countyCode, group: member.group, attention: member.attention,
                details: member.details)
        }
        return summary.inserted
    }
}
