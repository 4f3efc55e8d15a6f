import ArgumentParser
import GridStore

/// `gridgov db distribute`: the database's tables placed on Citus (distributed PostgreSQL).
struct DatabaseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "db", abstract: "The database itself.", subcommands: [Distribute.self])

    struct Distribute: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "distribute",
            abstract:
                "On Citus: distribute every territorial table by county_code (colocated) and make the rest reference tables."
        )

        @OptionGroup var store: StoreOptions

        func run() async throws {
            let store = try await self.store.openStore()
            do {
                let placement = try await store.distributeOnCitus()
                try await store.close()
                print(
                    "on Citus: \(placement.distributed) tables distributed by county_code, \(placement.reference) reference tables (\(placement.placedNow) placed now)"
                )
            } catch {
                try? await store.close()
                throw error
            }
        }
    }
}
