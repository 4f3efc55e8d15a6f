import Foundation
import GridCore

/// Backups a county's IT staff can trust: taken while the server runs and writes, checked byte for
/// byte before a restore writes anything, restored only into an empty data folder or database, and
/// whole only when the restored journal verifies and holds what the backup's manifest says.
public enum StoreBackup {
    /// What a restore brought back: the backup's manifest and the verified journal.
    public struct Restored: Sendable {
        public var manifest: BackupManifest
        public var journal: Journal.Report
    }

    /// Backs up the store at `location` into `folder`, created if missing. A folder that already
    /// holds a backup is refused: a backup is never overwritten.
    public static func take(of location: StoreLocation, into folder: String, now: NowProvider = .system) async throws
        -> BackupManifest
    {
        let startedAt = now.epochMilliseconds
        let engine = location.engine
        let createdFolder = try prepare(folder)
        let dataPath = BackupFiles.join(folder, engine.dataFile)
        let partial = dataPath + ".partial"
        removePartial(partial)  // left by a backup that was killed
        do {
            let contents =
                switch location {
                case .sqlite(let directory): try SQLiteBackup.copy(dataFolder: directory, to: partial)
                case .postgres(let url): try await PostgresBackup.dump(url, to: partial)
                }
            try BackupFiles.sync(partial)
            let (bytes, sha256) = try BackupFiles.digest(partial)
            try BackupFiles.move(partial, to: dataPath)
            let manifest = BackupManifest(
                format: BackupManifest.currentFormat, formatVersion: BackupManifest.currentFormatVersion,
                engine: engine,
                file: engine.dataFile, bytes: bytes, sha256: sha256, startedAt: ISO8601UTC.milliseconds(startedAt),
                finishedAt: ISO8601UTC.milliseconds(now.epochMilliseconds), contents: contents)
            // The manifest goes last: until it is there, the folder holds no backup.
            try BackupFiles.writeWhole(try manifest.encoded(), to: BackupFiles.join(folder, BackupManifest.fileName))
            try BackupFiles.sync(folder)
            return manifest
        } catch {
            removePartial(partial)
            BackupFiles.remove(dataPath)  // `prepare` found none there: any is this run's
            if createdFolder { rmdir(folder) }  // only if still empty
            throw error
        }
    }

    /// Restores the backup in `folder` into `location`: a missing or empty data folder, or an
    /// existing database without tables, of the engine the backup was taken from. Throws
    /// ``JournalBreak`` if the restored journal does not verify; a data folder is then left as it was.
    public static func restore(from folder: String, to location: StoreLocation) async throws -> Restored {
        let manifest = try BackupManifest.load(from: folder)
        let dataFile = BackupFiles.join(folder, manifest.file)
        let check = { (database: any GridDatabase) async throws -> Journal.Report in
            try await verify(database, against: manifest)
        }
        let journal: Journal.Report
        switch (manifest.engine, location) {
        case (.sqlite, .sqlite(let directory)):
            journal = try await SQLiteBackup.restore(dataFile, into: directory, checking: check)
        case (.postgres, .postgres(let url)):
            journal = try await PostgresBackup.restore(dataFile, into: url, checking: check)
        default:
            throw BackupError.target(
                location.displayName,
                reason: "\(folder) holds a \(manifest.engine.displayName) backup; "
                    + "restore it with \(manifest.engine == .sqlite ? "--data NEWDIR" : "--database URL")")
        }
        return Restored(manifest: manifest, journal: journal)
    }

    /// Removes an unfinished copy with any journal SQLite kept beside it: a journal left there would
    /// be taken for the next copy's and rolled back into it.
    private static func removePartial(_ partial: String) {
        for suffix in ["", "-journal", "-wal", "-shm"] { BackupFiles.remove(partial + suffix) }
    }

    /// Refuses a folder that is a file or already holds a backup; creates a missing one and says so.
    private static func prepare(_ folder: String) throws(BackupError) -> Bool {
        var created = false
        switch BackupFiles.kind(of: folder) {
        case .file: throw .destination(folder, reason: "it is a file, not a folder")
        case .missing:
            try BackupFiles.createFolder(folder)
            created = true
        case .folder:
            let names = Set(try BackupFiles.names(in: folder))
            let backupFiles = [BackupManifest.fileName, BackupEngine.sqlite.dataFile, BackupEngine.postgres.dataFile]
            if let existing = backupFiles.first(where: names.contains) {
                throw .destination(
                    folder,
                    reason: "it already holds a backup (\(existing)); back up into a new folder, "
                        + "a backup is never overwritten")
            }
        }
        guard access(folder, W_OK) == 0 else { throw .destination(folder, reason: "it is not writable") }
        return created
    }

    /// Verifies the restored journal, then checks that the store holds what the manifest says.
    private static func verify(_ database: any GridDatabase, against manifest: BackupManifest) async throws
        -> Journal.Report
    {
        let journal = try await Journal.verify(database)
        let restored = try await database.read { db in try StoreContents.read(on: db) }
        let expected = manifest.contents
        guard restored == expected, journal.chains == expected.journalChains, journal.entries == expected.journalEntries
        else {
            throw BackupError.mismatch(
                "it holds \(restored.cases) cases and \(journal.entries) journal entries in \(journal.chains) chains "
                    + "(migrations \(restored.migrations)), the manifest says \(expected.cases) cases and "
                    + "\(expected.journalEntries) entries in \(expected.journalChains) chains (migrations \(expected.migrations))"
            )
        }
        return journal
    }
}

extension StoreLocation {
    var engine: BackupEngine {
        switch self {
        case .sqlite: .sqlite
        case .postgres: .postgres
        }
    }

    /// The data folder, or the database URL with its password hidden: fit for messages.
    public var displayName: String {
        switch self {
        case .sqlite(let directory): directory
        case .postgres(let url): PostgresURL.redacted(url)
        }
    }
}
