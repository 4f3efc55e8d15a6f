import Foundation
import GridCore

/// The engine a backup was taken from; a backup is restored onto the same engine.
public enum BackupEngine: String, Codable, Sendable {
    case sqlite, postgres

    /// The file beside the manifest that holds the data.
    public var dataFile: String { self == .sqlite ? "gridgov.sqlite" : "gridgov.pgdump" }
    public var displayName: String { self == .sqlite ? "SQLite" : "PostgreSQL" }
}

/// What a backup folder holds, written last as `gridgov-backup.json`: a folder without one holds no
/// finished backup. Restore checks the data file against `bytes` and `sha256` before it writes
/// anything, and the restored store against `contents`.
public struct BackupManifest: Codable, Sendable, Equatable {
    public static let fileName = "gridgov-backup.json"
    static let currentFormat = "gridgov-backup"
    static let currentFormatVersion = 1

    public var format: String
    public var formatVersion: Int
    public var engine: BackupEngine
    public var file: String
    public var bytes: Int64
    public var sha256: String
    /// When the backup began (ISO 8601, UTC): every write acknowledged before then is in it.
    public var startedAt: String
    public var finishedAt: String
    public var contents: StoreContents

    enum CodingKeys: String, CodingKey {
        case format
        case formatVersion = "format_version"
        case engine, file, bytes, sha256
        case startedAt = "started_at"
        case
            finishedAt = "finished_at"
        case contents
    }

    func encoded() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(self)
    }

    /// Reads the manifest of the backup in `folder` and checks that the folder holds the whole backup
    /// it describes, byte for byte, and that this gridgov knows every migration of its schema.
    static func load(from folder: String) throws(BackupError) -> BackupManifest {
        switch BackupFiles.kind(of: folder) {
        case .missing: throw .backup(folder, reason: "it does not exist")
        case .file: throw .backup(folder, reason: "it is a file, not a backup folder")
        case .folder: break
        }
        let path = BackupFiles.join(folder, fileName)
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .backup(
                folder, reason: "it holds no \(fileName): it is not a GridGov backup, or its backup did not finish")
        }
        let manifest: BackupManifest
        do { manifest = try JSONDecoder().decode(BackupManifest.self, from: data) } catch {
            throw .backup(folder, reason: "its \(fileName) is damaged (\(error))")
        }
        guard manifest.format == currentFormat else {
            throw .backup(folder, reason: "its \(fileName) is not a GridGov backup manifest")
        }
        guard manifest.formatVersion <= currentFormatVersion else {
            throw .backup(folder, reason: "it was written by a newer gridgov (backup format \(manifest.formatVersion))")
        }
        // The manifest names its file, but only the engine's own name is read: never a path elsewhere.
        guard manifest.file == manifest.engine.dataFile else {
            throw .backup(folder, reason: "its \(fileName) names \(manifest.file), not \(manifest.engine.dataFile)")
        }
        let unknown = Set(manifest.contents.migrations).subtracting(Migrations.all.map(\.version)).sorted()
        guard unknown.isEmpty else {
            throw .backup(
                folder, reason: "it was taken by a newer gridgov (schema migrations \(unknown) are unknown to this one)"
            )
        }
        let dataPath = BackupFiles.join(folder, manifest.file)
        guard BackupFiles.kind(of: dataPath) == .file else {
            throw .backup(folder, reason: "its \(manifest.file) is missing")
        }
        let (bytes, sha256) = try BackupFiles.digest(dataPath)
        guard bytes == manifest.bytes, sha256 == manifest.sha256 else {
            throw .backup(
                folder,
                reason: "its \(manifest.file) is damaged: \(bytes) bytes with SHA-256 \(sha256), "
                    + "but the manifest says \(manifest.bytes) bytes with SHA-256 \(manifest.sha256)")
        }
        return manifest
    }
}

/// What a store holds, in the terms a restore is checked against: its schema's migrations, the size
/// of its journal and the number of its cases.
public struct StoreContents: Codable, Sendable, Equatable {
    public var migrations: [Int]
    public var journalChains: Int
    public var journalEntries: Int64
    public var cases: Int64

    enum CodingKeys: String, CodingKey {
        case migrations
        case journalChains = "journal_chains"
        case journalEntries = "journal_entries"
        case cases
    }

    /// Read in the caller's transaction, so that it describes one snapshot.
    static func read(on db: any SQLConnection) throws -> StoreContents {
        guard try tables(on: db).contains("schema_migrations") else {
            throw StoreError.notFound("a GridGov schema (table schema_migrations)")
        }
        let migrations = try db.query("SELECT version FROM schema_migrations ORDER BY version", []).map {
            Int(try $0.integer(0))
        }
        // Chains as `Journal.verify` counts them: named by a head or by an entry.
        let chains = try db.queryOne(
            "SELECT COUNT(*) FROM (SELECT county_code FROM journal_heads UNION SELECT county_code FROM journal) chains")
        let entries = try db.queryOne("SELECT COUNT(*) FROM journal")
        let cases = try db.queryOne("SELECT COUNT(*) FROM cases")
        return StoreContents(
            migrations: migrations, journalChains: Int(try chains?.integer(0) ?? 0),
            journalEntries: try entries?.integer(0) ?? 0, cases: try cases?.integer(0) ?? 0)
    }

    /// The tables of the store's schema (PostgreSQL: the current schema), by name.
    static func tables(on db: any SQLConnection) throws -> [String] {
        let sql =
            switch db.dialect {
            case .sqlite:
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
            case .postgres:
                "SELECT tablename::text FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename"
            }
        return try db.query(sql, []).map { try $0.text(0) }
    }
}
