import ArgumentParser
import GridStore

/// `gridgov backup DIR`: a consistent copy of the store, taken while the server runs and writes.
struct BackupCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup",
        abstract: "Back up the store into a folder while the server runs.",
        discussion: """
            SQLite: its online backup; PostgreSQL: pg_dump (custom format) from $PGBIN, PATH or /usr/lib/postgresql/*/bin. \
            Exit status 2 when the backup is refused or fails; the folder is then left without a backup.
            """)

    @Argument(help: "The folder to write the backup into: a new one, or one that holds no backup.")
    var folder: String

    @OptionGroup var store: StoreOptions

    func run() async throws {
        let location = store.location(try await store.reader())
        do {
            let manifest = try await StoreBackup.take(of: location, into: folder)
            let contents = manifest.contents
            print(
                "backed up \(location.displayName) (\(manifest.engine.displayName), begun \(manifest.startedAt)) into "
                    + "\(folder): \(manifest.file), \(manifest.bytes) bytes, \(contents.cases) cases, "
                    + "\(contents.journalEntries) journal entries in \(contents.journalChains) chains")
        } catch {
            try refuse("backup", error)
        }
    }
}

/// Reports a refused or failed backup or restore, which wrote nothing, and exits with status 2.
func refuse(_ command: String, _ error: any Error) throws -> Never {
    printError("gridgov \(command): \(error)")
    throw ExitCode(2)
}
