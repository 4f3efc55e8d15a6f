/// Why a backup or a restore was refused or failed, naming the folder, file or database and the reason.
public enum BackupError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The store to back up cannot be read as a GridGov store.
    case source(String, reason: String)
    /// The folder cannot take a backup (a file, unwritable, or already holding a backup).
    case destination(String, reason: String)
    /// The folder is not a whole, intact backup that this gridgov can restore.
    case backup(String, reason: String)
    /// The data folder or database cannot take a restore: restore never writes over a store.
    case target(String, reason: String)
    /// A file step failed (`action` is what was being done to `path`).
    case file(String, action: String, reason: String)
    /// `pg_dump` or `pg_restore` is missing or failed.
    case tool(String, reason: String)
    /// The restored store is not what the backup's manifest says it holds.
    case mismatch(String)

    public var description: String {
        switch self {
        case .source(let store, let reason): "cannot back up \(store): \(reason)"
        case .destination(let folder, let reason): "cannot back up into \(folder): \(reason)"
        case .backup(let folder, let reason): "\(folder) is not a backup that can be restored: \(reason)"
        case .target(let target, let reason): "cannot restore into \(target): \(reason)"
        case .file(let path, let action, let reason): "cannot \(action) \(path): \(reason)"
        case .tool(let name, let reason): "\(name): \(reason)"
        case .mismatch(let what): "the restored store does not match its backup: \(what)"
        }
    }
}
