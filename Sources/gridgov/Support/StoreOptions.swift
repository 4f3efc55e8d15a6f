import ArgumentParser
import Configuration
import Foundation
import GridStore
import SystemPackage

/// Where the store is, from flags, then environment (`GRIDGOV_DATA`, `GRIDGOV_DATABASE_URL`), then
/// a JSON configuration file (`--config` or `GRIDGOV_CONFIG`, keys like `{"gridgov":{"data":"…"}}`).
struct StoreOptions: ParsableArguments {
    @Option(help: "Data folder of the embedded SQLite store (default ./gridgov-data).")
    var data: String?

    @Option(help: "PostgreSQL URL, postgres://user[:password]@host[:port]/database; overrides --data.")
    var database: String?

    @Option(help: "A JSON configuration file.")
    var config: String?

    func reader() async throws -> ConfigReader {
        var providers: [any ConfigProvider] = [EnvironmentVariablesProvider()]
        let environment = ConfigReader(provider: EnvironmentVariablesProvider())
        if let path = config ?? environment.string(forKey: "gridgov.config") {
            do {
                providers.append(try await FileProvider<JSONSnapshot>(filePath: FilePath(path)))
            } catch {
                throw ValidationError("cannot read configuration file \(path): \(error)")
            }
        }
        return ConfigReader(providers: providers)
    }

    func location(_ config: ConfigReader) -> StoreLocation {
        StoreLocation.resolve(
            dataDirectory: data ?? config.string(forKey: "gridgov.data"),
            databaseURL: database ?? config.string(forKey: "gridgov.database.url"))
    }

    func openStore() async throws -> GridStore {
        try await GridStore.open(location(try await reader()))
    }
}

/// Prints to standard error.
func printError(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}
