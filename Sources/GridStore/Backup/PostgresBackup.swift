import Foundation

/// Backups of a PostgreSQL store: `pg_dump`'s custom format, restored with `pg_restore` into an
/// empty database.
enum PostgresBackup {
    /// Dumps the database at `url` into the new file `destination` and returns what the dump holds.
    ///
    /// `pg_dump` reads the snapshot this transaction exports, so the dump is the database as of one
    /// moment while the server writes on, and the contents read here are exactly those it wrote.
    static func dump(_ url: String, to destination: String) async throws -> StoreContents {
        let address = try PostgresURL(url)
        try Self.requireWholeDatabase(address, url, BackupError.source)
        let pgDump = try ClientTool.locate("pg_dump")
        return try await withDatabase(url, unreachable: { .source(PostgresURL.redacted(url), reason: $0) }) {
            database in
            try await database.read { db -> StoreContents in
                // The coordinator holds no rows of a distributed table: its shards are on the workers.
                guard try !CitusDistribution.isCitus(db) else {
                    throw BackupError.source(
                        PostgresURL.redacted(url),
                        reason:
                            "it is a Citus cluster, whose rows live on its workers: back up every node with its own tools (pg_dump per node, or base backups)"
                    )
                }
                guard let snapshot = try db.queryOne("SELECT pg_export_snapshot()")?.text(0) else {
                    throw BackupError.source(PostgresURL.redacted(url), reason: "the server exported no snapshot")
                }
                let contents = try StoreContents.read(on: db)
                try pgDump.run(
                    ["--format=custom", "--no-password", "--snapshot=\(snapshot)", "--file=\(destination)"],
                    environment: address.clientEnvironment(inheriting: ProcessInfo.processInfo.environment))
                return contents
            }
        }
    }

    /// Restores `dumpFile` into the database at `url`, which must hold no tables, then runs `check`
    /// on it. `pg_restore` runs as one transaction that stops at the first error, so a restore that
    /// fails leaves the database as it was.
    static func restore<T>(
        _ dumpFile: String, into url: String,
        checking check: (any GridDatabase) async throws -> T
    ) async throws -> T {
        let address = try PostgresURL(url)
        try Self.requireWholeDatabase(address, url, BackupError.target)
        let pgRestore = try ClientTool.locate("pg_restore")
        return try await withDatabase(url, unreachable: { .target(PostgresURL.redacted(url), reason: $0) }) {
            database in
            let tables = try await database.read { db in try StoreContents.tables(on: db) }
            guard tables.isEmpty else {
                throw BackupError.target(
                    PostgresURL.redacted(url),
                    reason: "the database is not empty (it holds tables "
                        + "\(tables.prefix(5).joined(separator: ", "))); restore into a new, empty database")
            }
            do {
                try pgRestore.run(
                    [
                        "--single-transaction", "--exit-on-error", "--no-owner", "--no-privileges", "--no-password",
                        "--dbname=\(address.databaseName)", dumpFile,
                    ],
                    environment: address.clientEnvironment(inheriting: ProcessInfo.processInfo.environment))
            } catch BackupError.tool(let name, let reason) {
                throw BackupError.tool(name, reason: reason + "; nothing was restored")
            }
            return try await check(database)
        }
    }

    /// A backup is of a whole database, as `pg_dump` takes it: a URL naming a schema of its own
    /// (`options=-c search_path=…`) would dump the other schemas beside it, and restore into names
    /// the checks do not look at.
    private static func requireWholeDatabase(
        _ address: PostgresURL, _ url: String, _ error: (String, String) -> BackupError
    ) throws {
        guard !address.sessionSettings.contains(where: { $0.0 == "search_path" }) else {
            throw error(
                PostgresURL.redacted(url),
                "its URL sets search_path; back up and restore whole databases, named without it")
        }
    }

    /// Runs `body` on the database at `url`, always closed afterwards. It is connected to once first,
    /// so that a wrong address, password or name is reported at once, as `unreachable` makes it.
    private static func withDatabase<T>(
        _ url: String, unreachable: (String) -> BackupError,
        _ body: (PostgresDatabase) async throws -> T
    ) async throws -> T {
        let database = try PostgresDatabase(url: url)
        do {
            do { try await database.checkConnection() } catch { throw unreachable("\(error)") }
            let result = try await body(database)
            try await database.close()
            return result
        } catch {
            try? await database.close()
            throw error
        }
    }
}

/// A PostgreSQL client program (`pg_dump`, `pg_restore`) found on this machine.
struct ClientTool: Sendable {
    let name: String
    let path: String

    /// Looks in `$PGBIN`, then on `PATH`, then in Debian's `/usr/lib/postgresql/VERSION/bin`, newest first.
    static func locate(_ name: String, environment: [String: String] = ProcessInfo.processInfo.environment)
        throws(BackupError) -> ClientTool
    {
        var folders: [String] = []
        if let pgBin = environment["PGBIN"], !pgBin.isEmpty { folders.append(pgBin) }
        folders += (environment["PATH"] ?? "").split(separator: ":").map(String.init)
        let debian = "/usr/lib/postgresql"
        let versions = (try? FileManager.default.contentsOfDirectory(atPath: debian)) ?? []
        folders += versions.sorted { $0.compare($1, options: .numeric) == .orderedDescending }
            .map { BackupFiles.join(BackupFiles.join(debian, $0), "bin") }
        for folder in folders {
            let path = BackupFiles.join(folder, name)
            if FileManager.default.isExecutableFile(atPath: path) { return ClientTool(name: name, path: path) }
        }
        throw .tool(
            name,
            reason: "not found in $PGBIN, on PATH or in \(debian)/*/bin; install PostgreSQL's client programs "
                + "(Debian: postgresql-client) or set PGBIN to the folder that holds them")
    }

    /// Runs the program to its end, its output discarded; throws what it wrote to standard error if it fails.
    func run(_ arguments: [String], environment: [String: String]) throws(BackupError) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        process.environment = environment
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        let errors = Pipe()
        process.standardError = errors
        do { try process.run() } catch {
            throw .tool(name, reason: "cannot start \(path): \(error.localizedDescription)")
        }
        // Read to the end before waiting: a program that fills the pipe would otherwise never exit.
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationReason == .exit, process.terminationStatus == 0 else {
            let text = message.trimmingCharacters(in: .whitespacesAndNewlines)
            throw .tool(name, reason: "failed (exit \(process.terminationStatus))" + (text.isEmpty ? "" : ": \(text)"))
        }
    }
}
