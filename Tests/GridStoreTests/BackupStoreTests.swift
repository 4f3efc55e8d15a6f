import Foundation
import GridCore
import GridTestSupport
import Testing

@testable import GridStore

@Suite("Store contract: backup and restore")
struct BackupStoreTests {
    /// A folder for a backup, not yet created, removed after `body`.
    static func withBackupFolder<T>(_ body: (String) async throws -> T) async throws -> T {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "gridgov-backup-\(UUID().uuidString)"
        ).path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        return try await body(folder)
    }

    @Test(
        "a backup restores into an empty store, its journal whole, and only once; a Citus cluster is refused",
        arguments: Backend.available)
    func roundTrip(backend: Backend) async throws {
        try await TestStore.with(backend) { test in
            try await JournalStoreTests.seeded(test)
            if backend == .citus {
                // Refused: a Citus coordinator holds no rows (and a test store is a schema of its own).
                try await Self.withBackupFolder { folder in
                    await #expect(throws: BackupError.self) {
                        try await StoreBackup.take(of: test.location, into: folder)
                    }
                }
                return
            }
            try await Self.withBackupFolder { folder in
                let manifest = try await StoreBackup.take(of: test.location, into: folder)
                #expect(manifest.engine == (backend == .sqlite ? .sqlite : .postgres))
                #expect(manifest.contents.journalChains == 2 && manifest.contents.journalEntries == 5)
                #expect(manifest.contents.migrations == Migrations.all.map(\.version).sorted())
                await #expect(throws: BackupError.self) { try await StoreBackup.take(of: test.location, into: folder) }

                try await TestStore.withEmptyLocation(backend) { target in
                    let restored = try await StoreBackup.restore(from: folder, to: target)
                    #expect(restored.journal == Journal.Report(chains: 2, entries: 5))
                    #expect(restored.manifest == manifest)
                    let again = await #expect(throws: BackupError.self) {
                        try await StoreBackup.restore(from: folder, to: target)
                    }
                    #expect(again?.description.contains("is not empty") == true)
                }
            }
        }
    }

    @Test("a URL naming a schema of its own is refused before anything is dumped or restored")
    func schemaOfItsOwn() async throws {
        let url = "postgres://u@127.0.0.1:1/db?options=-c%20search_path%3Dcounty_a"
        try await Self.withBackupFolder { folder in
            let refused = await #expect(throws: BackupError.self) {
                try await StoreBackup.take(of: .postgres(url: url), into: folder)
            }
            #expect(refused?.description.contains("search_path") == true)
        }
    }

    @Test("a backup whose store differs from its manifest is refused and leaves no data folder")
    func mismatch() async throws {
        try await TestStore.with(.sqlite) { test in
            try await JournalStoreTests.seeded(test)
            try await Self.withBackupFolder { folder in
                var manifest = try await StoreBackup.take(of: test.location, into: folder)
                manifest.contents.journalEntries += 1
                try manifest.encoded().write(
                    to: URL(fileURLWithPath: BackupFiles.join(folder, BackupManifest.fileName)))
                try await TestStore.withEmptyLocation(.sqlite) { target in
                    let error = await #expect(throws: BackupError.self) {
                        try await StoreBackup.restore(from: folder, to: target)
                    }
                    #expect(error?.description.contains("6 entries in 2 chains") == true)
                    guard case .sqlite(let directory) = target else { return }
                    #expect(BackupFiles.kind(of: directory) == .missing)
                }
            }
        }
    }

    @Test("the client tools get the password in PGPASSWORD, never on their command line")
    func clientEnvironment() throws {
        let address = try PostgresURL("postgres://gov%40x:s%3Acret@db.example:6543/county?sslmode=require")
        let environment = address.clientEnvironment(inheriting: ["PGSERVICE": "other", "PATH": "/bin"])
        #expect(
            environment == [
                "PGHOST": "db.example", "PGPORT": "6543", "PGUSER": "gov@x", "PGPASSWORD": "s:cret",
                "PGDATABASE": "county", "PGSSLMODE": "require", "PATH": "/bin",
            ])
        #expect(try PostgresURL("postgres://clerk@db").databaseName == "clerk")
        #expect(PostgresURL.redacted("postgres://clerk:secret@db/county") == "postgres://clerk:***@db/county")
        #expect(throws: StoreError.self) { try PostgresURL("mysql://clerk:secret@db/county") }
    }

    @Test("a client tool is taken from PGBIN first, and its failure carries what it wrote")
    func clientTool() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("gridgov-pgbin-\(UUID().uuidString)")
            .path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = BackupFiles.join(folder, "pg_dump")
        try "#!/bin/sh\necho \"no such snapshot\" >&2\nexit 3\n".write(toFile: path, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: path)

        let tool = try ClientTool.locate("pg_dump", environment: ["PGBIN": folder, "PATH": "/usr/bin"])
        #expect(tool.path == path)
        #expect(throws: BackupError.tool("pg_dump", reason: "failed (exit 3): no such snapshot")) {
            try tool.run([], environment: [:])
        }
        #expect(throws: BackupError.self) { try ClientTool.locate("pg_nothing", environment: ["PATH": folder]) }
    }
}
