import ArgumentParser
import Foundation
import GridCore
import GridStore

/// `gridgov import divisions FILE`: the administrative divisions (`.csv` or `.csv.gz`).
struct ImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import", abstract: "Import data files.",
        subcommands: [Divisions.self, Addresses.self, People.self, Houses.self, Units.self])

    struct Divisions: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "divisions",
            abstract: "Import divisions: CSV with code,name,level,parent_code,lat,lng; all or nothing.")

        @Argument(help: "The .csv or .csv.gz file.")
        var file: String

        @OptionGroup var store: StoreOptions

        func run() async throws {
            try await ImportCommand.importing(file, into: store) { store, bytes, source in
                let started = Date()
                let summary = try await store.importDivisions(
                    utf8: bytes, source: source, by: .system("import divisions"))
                let seconds = Date().timeIntervalSince(started)
                print(
                    "imported \(summary.rows) divisions (\(summary.inserted) new, \(summary.updated) updated) "
                        + "into \(summary.chains) journal chains in \(String(format: "%.2f", seconds)) s")
            }
        }
    }

    /// Reads `file`, opens the store and runs `body`; a file with bad rows is reported, line by
    /// line, and exits 2 with nothing imported.
    static func importing(
        _ file: String, into options: StoreOptions, _ body: (GridStore, [UInt8], String) async throws -> Void
    ) async throws {
        let bytes = try FileInput.read(file)
        let store = try await options.openStore()
        do {
            try await body(store, bytes, (file as NSString).lastPathComponent)
            try await store.close()
        } catch let problems as ImportProblems {
            try? await store.close()
            printError(
                "\(file): \(problems.problems.count) bad row(s); nothing was imported\n" + problems.summary(limit: 50))
            throw ExitCode(2)
        } catch let error as InvalidValue {
            try? await store.close()
            printError("\(file): \(error.reason); nothing was imported")
            throw ExitCode(2)
        }
    }
}

extension ImportCommand {
    /// `gridgov import addresses FILE`: standard addresses (标准地址) under the grids.
    struct Addresses: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "addresses",
            abstract:
                "Import standard addresses: CSV (UTF-8 or GBK) or XLSX with place,building,unit,room,grid_code,lat,lng (or 地址,楼栋,单元,室,网格编码,纬度,经度); all or nothing."
        )

        @Argument(help: "The .csv, .csv.gz or .xlsx file.")
        var file: String

        @OptionGroup var store: StoreOptions

        func run() async throws {
            try await ImportCommand.importing(file, into: store) { store, bytes, source in
                let summary = try await store.importAddresses(
                    bytes, source: source, by: .system("import addresses"))
                print("imported \(summary.rows) rows of standard addresses (\(summary.inserted) new addresses)")
            }
        }
    }
}

extension ImportCommand {
    /// `gridgov import people FILE`: 实有人口 in UTF-8 or GBK, English or Chinese headers.
    struct People: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "people",
            abstract:
                "Import people: CSV (UTF-8 or GBK) or XLSX with name,id_number,phone,ethnicity,household_type,grid_code,address,tags or the Chinese headers; all or nothing unless --valid-rows-only."
        )

        @Argument(help: "The .csv, .csv.gz or .xlsx file.")
        var file: String

        @Flag(help: "Import the valid rows and report the others (default: a file with any bad row imports nothing).")
        var validRowsOnly = false

        @OptionGroup var store: StoreOptions

        func run() async throws {
            try await ImportCommand.importing(file, into: store) { [validRowsOnly] store, bytes, source in
                let (summary, problems) = try await store.importPeople(
                    utf8OrGBK: bytes, source: source, validRowsOnly: validRowsOnly, by: .system("import people"))
                ImportCommand.report(summary, of: "people", problems)
            }
        }
    }
}

extension ImportCommand {
    /// `gridgov import houses FILE`: 实有房屋, placed in the standard-address tree.
    struct Houses: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "houses",
            abstract:
                "Import houses: CSV (UTF-8 or GBK) or XLSX with address,building,unit,room,grid_code,use,owner_id_number (area,tenants,tenant_limit,hazard_level optional) or the Chinese headers; all or nothing unless --valid-rows-only."
        )

        @Argument(help: "The .csv, .csv.gz or .xlsx file.")
        var file: String

        @Flag(help: "Import the valid rows and report the others (default: a file with any bad row imports nothing).")
        var validRowsOnly = false

        @OptionGroup var store: StoreOptions

        func run() async throws {
            try await ImportCommand.importing(file, into: store) { [validRowsOnly] store, bytes, source in
                let (summary, problems) = try await store.importHouses(
                    bytes, source: source, validRowsOnly: validRowsOnly, by: .system("import houses"))
                ImportCommand.report(summary, of: "houses", problems)
            }
        }
    }

    /// `gridgov import units FILE`: 实有单位, known by their unified social credit codes.
    struct Units: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "units",
            abstract:
                "Import organisations: CSV (UTF-8 or GBK) or XLSX with name,credit_code,type,address,grid_code,contact_phone (legal_representative,flags optional) or the Chinese headers; all or nothing unless --valid-rows-only."
        )

        @Argument(help: "The .csv, .csv.gz or .xlsx file.")
        var file: String

        @Flag(help: "Import the valid rows and report the others (default: a file with any bad row imports nothing).")
        var validRowsOnly = false

        @OptionGroup var store: StoreOptions

        func run() async throws {
            try await ImportCommand.importing(file, into: store) { [validRowsOnly] store, bytes, source in
                let (summary, problems) = try await store.importOrganisations(
                    bytes, source: source, validRowsOnly: validRowsOnly, by: .system("import units"))
                ImportCommand.report(summary, of: "organisations", problems)
            }
        }
    }

    static func report(_ summary: RegistryImportSummary, of kind: String, _ problems: ImportProblems) {
        print(
            "imported \(summary.rows) \(kind) (\(summary.inserted) new, \(summary.merged) merged) from \(summary.encoding)"
                + (problems.isEmpty ? "" : "; \(summary.skipped) bad row(s) left out:\n" + problems.summary(limit: 50)))
    }
}

/// Reads a file whole, decompressing `.gz` through the system's gzip.
enum FileInput {
    static func read(_ path: String) throws -> [UInt8] {
        guard FileManager.default.isReadableFile(atPath: path) else { throw ValidationError("cannot read \(path)") }
        guard path.hasSuffix(".gz") else {
            guard let data = FileManager.default.contents(atPath: path) else {
                throw ValidationError("cannot read \(path)")
            }
            return [UInt8](data)
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/gzip")
        process.arguments = ["-dc", path]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw ValidationError("\(path) is not a readable gzip file") }
        return [UInt8](data)
    }
}
