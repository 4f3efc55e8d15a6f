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

    @Option(
        help:
            "The key identity numbers and phones are sealed with: a file of 64 hex digits (GRIDGOV_PROTECTION_KEY_FILE). Keep it off the database's disk and out of its backups; default: protection.key in the data folder, which `gridgov demo` writes."
    )
    var protectionKeyFile: String?

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
        let config = try await reader()
        let store = try await GridStore.open(location(config))
        if let protection = try protection(config) { store.useProtection(protection) }
        return store
    }

    /// The protection key named by option or configuration, or the demo's beside the SQLite store.
    func protection(_ config: ConfigReader) throws -> ProtectedFields? {
        if let path = protectionKeyFile ?? config.string(forKey: "gridgov.protection.key.file") {
            do { return ProtectedFields(current: try ProtectedFields.key(file: path)) } catch {
                throw ValidationError("protection key \(path): \(error)")
            }
        }
        guard case .sqlite(let directory) = location(config) else { return nil }
        let path = Self.demoKeyPath(directory)
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        return ProtectedFields(current: try ProtectedFields.key(file: path))
    }

    /// The demo's key file when it is the key in use (no key named by option or configuration).
    func demoKeyInUse(_ config: ConfigReader) -> String? {
        guard protectionKeyFile == nil, config.string(forKey: "gridgov.protection.key.file") == nil,
            case .sqlite(let directory) = location(config)
        else { return nil }
        let path = Self.demoKeyPath(directory)
        return FileManager.default.fileExists(atPath: path) ? path : nil
    }

    static func demoKeyPath(_ directory: String) -> String {
        (directory as NSString).appendingPathComponent("protection.key")
    }
}

/// Prints to standard error.
func printError(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}
