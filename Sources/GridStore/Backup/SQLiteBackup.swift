import Foundation
import GRDB

/// Backups of the embedded store: its file copied with SQLite's online backup, and restored by
/// putting that copy in place as the store of a new data folder.
enum SQLiteBackup {
    static let storeFile = BackupEngine.sqlite.dataFile

    /// Copies the store of the data folder `directory` to the new file `destination` and returns what
    /// the copy holds.
    ///
    /// The online backup runs in one step, which is one read transaction: in WAL mode the server's
    /// writer carries on meanwhile, and the copy is the store as of one commit, holding every write
    /// acknowledged before it began. The copy is then switched out of WAL mode, so that it is one
    /// self-contained file.
    static func copy(dataFolder directory: String, to destination: String) throws(BackupError) -> StoreContents {
        let source = BackupFiles.join(directory, storeFile)
        guard BackupFiles.kind(of: source) == .file else {
            throw .source(directory, reason: "it holds no GridGov store (\(source) does not exist)")
        }
        var readOnly = Configuration()
        readOnly.readonly = true
        readOnly.busyMode = .timeout(10)
        do {
            let store = try DatabaseQueue(path: source, configuration: readOnly)
            defer { try? store.close() }
            let copy = try DatabaseQueue(path: destination)
            defer { try? copy.close() }
            try store.backup(to: copy)
            return try copy.writeWithoutTransaction { db in
                try db.execute(sql: "PRAGMA journal_mode = DELETE")
                return try StoreContents.read(on: GRDBConnection(db: db))
            }
        } catch let error as DatabaseError {
            throw .source(source, reason: error.message ?? error.description)
        } catch {
            throw .source(source, reason: String(describing: error))
        }
    }

    /// Puts `backupFile` in place as the store of the data folder `target`, which must be missing or
    /// empty, once `check` has passed on it.
    ///
    /// The store is assembled and checked in a hidden folder beside `target`, then renamed into place
    /// in one step: a restore that fails leaves nothing behind, and a server never opens half a store.
    static func restore<T>(
        _ backupFile: String, into target: String,
        checking check: (any GridDatabase) async throws -> T
    ) async throws -> T {
        switch BackupFiles.kind(of: target) {
        case .file: throw BackupError.target(target, reason: "it is a file, not a data folder")
        case .folder:
            let names = try BackupFiles.names(in: target)
            guard names.isEmpty else {
                throw BackupError.target(
                    target,
                    reason: "the folder is not empty (it holds \(names.prefix(5).joined(separator: ", "))); "
                        + "restore into a new or empty folder, a store is never overwritten")
            }
        case .missing: break
        }
        let (parent, name) = BackupFiles.split(target)
        try BackupFiles.createFolder(parent)
        let staging = BackupFiles.join(parent, ".\(name).restoring-\(getpid())")
        BackupFiles.remove(staging)
        do {
            try BackupFiles.createFolder(staging)
            let store = BackupFiles.join(staging, storeFile)
            try BackupFiles.copy(backupFile, to: store)
            try BackupFiles.sync(store)
            let database = try SQLiteDatabase(path: store)
            let result: T
            do { result = try await check(database) } catch {
                try? await database.close()
                throw error
            }
            try await database.close()
            try BackupFiles.move(staging, to: target)
            try BackupFiles.sync(parent)
            return result
        } catch {
            BackupFiles.remove(staging)
            throw error
        }
    }
}
