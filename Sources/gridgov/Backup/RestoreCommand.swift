import ArgumentParser
import GridCore
import GridStore

/// `gridgov restore DIR`: a backup brought back into a new data folder or an empty database, its
/// journal verified before it counts as restored.
struct RestoreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "restore",
        abstract: "Restore a backup into an empty data folder or database and verify its journal.",
        discussion: """
            Exit status 1 when the restored journal does not verify (a data folder is then left as it was), \
            2 when the restore is refused or fails (nothing is restored).
            """)

    @Argument(help: "The backup folder, as written by gridgov backup.")
    var folder: String

    @OptionGroup var store: StoreOptions

    func run() async throws {
        let location = store.location(try await store.reader())
        do {
            let restored = try await StoreBackup.restore(from: folder, to: location)
            let manifest = restored.manifest
            print(
                "restored the \(manifest.engine.displayName) backup begun \(manifest.startedAt) from \(folder) into "
                    + "\(location.displayName): \(manifest.contents.cases) cases")
            print("journal whole: \(restored.journal.chains) chains, \(restored.journal.entries) entries")
        } catch let broken as JournalBreak {
            let outcome =
                if case .sqlite = location { "nothing was restored" } else {
                    "the database holds the backup as it was taken"
                }
            printError("journal BROKEN at \(broken); \(outcome)")
            throw ExitCode(1)
        } catch {
            try refuse("restore", error)
        }
    }
}
