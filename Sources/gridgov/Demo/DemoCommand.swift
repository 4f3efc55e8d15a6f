import ArgumentParser
import Foundation
import GridCore
import GridStore

/// `gridgov demo`: builds the seeded demo territory with its departments and one account per role.
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo", abstract: "Build the demo territory in an empty store.")

    @OptionGroup var store: StoreOptions

    @Option(help: "county (1,000 grids) or province (61,000 grids).")
    var scale: String = "county"

    @Option(help: "Seed of the generator: the same seed gives the same territory.")
    var seed: UInt64 = 20_261_122

    func run() async throws {
        guard let scale = DemoTerritory.Scale(rawValue: scale) else {
            throw ValidationError("--scale must be county or province")
        }
        let store = try await self.store.openStore()
        defer { Task { try? await store.close() } }
        guard try await store.isEmpty() else {
            throw ValidationError("the store already holds a territory; use an empty --data folder or database")
        }
        let summary = try await DemoBuilder.build(scale: scale, seed: seed, into: store)
        print(summary)
        try await store.close()
    }
}

/// Writes a ``DemoTerritory`` into a store; shared by `gridgov demo` and `gridgov serve --demo`.
enum DemoBuilder {
    static func build(scale: DemoTerritory.Scale, seed: UInt64, into store: GridStore) async throws -> String {
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
        return "demo territory (\(scale.rawValue), seed \(seed)): \(territory.regions.count) regions, \(grids) grids, "
            + "\(territory.departments.count) departments, accounts \(territory.accounts.map(\.username).joined(separator: ", "))"
    }
}
