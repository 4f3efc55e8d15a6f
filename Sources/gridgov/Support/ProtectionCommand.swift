import ArgumentParser
import Foundation
import GridCore
import GridStore

/// `gridgov protection rekey --new-key-file NEW`: reseals every identity number and phone under a
/// new key. Run it with the server stopped, then restart the server with the new key file.
struct ProtectionCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "protection", abstract: "Manage the key identity numbers and phones are sealed with.",
        subcommands: [Rekey.self])

    struct Rekey: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "rekey",
            abstract:
                "Reseal every identity number and phone under a new key (the old one is --protection-key-file, or the demo's); stop the server first."
        )

        @Option(help: "The new key: a file of 64 hex digits. Keep it off the database's disk.")
        var newKeyFile: String

        @OptionGroup var store: StoreOptions

        func run() async throws {
            let newKey: ProtectedFields.Key
            do { newKey = try ProtectedFields.key(file: newKeyFile) } catch {
                throw ValidationError("new key \(newKeyFile): \(error)")
            }
            let gridStore = try await store.openStore()
            do {
                guard gridStore.hasProtection else {
                    throw ValidationError("no present key: give it with --protection-key-file")
                }
                let summary = try await gridStore.rekey(
                    to: ProtectedFields(current: newKey), by: .system("protection rekey"))
                try await gridStore.close()
                var next = "start the server with --protection-key-file \(newKeyFile)"
                // The demo keeps its key beside its store; it now holds the new one.
                if let demoKey = store.demoKeyInUse(try await store.reader()) {
                    try Data(contentsOf: URL(fileURLWithPath: newKeyFile)).write(to: URL(fileURLWithPath: demoKey))
                    next = "the demo's key file \(demoKey) now holds the new key"
                }
                print(
                    "resealed \(summary.people) people, \(summary.houses) houses and \(summary.organisations) organisations under key \(newKey.id); \(next)"
                )
            } catch {
                try? await gridStore.close()
                throw error
            }
        }
    }
}
