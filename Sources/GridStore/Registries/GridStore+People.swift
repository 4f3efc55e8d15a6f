import Foundation
import GridCore

/// A person as everyone but a revealing role sees them: identity number and phone masked.
public struct PersonView: Sendable, Hashable {
    public var id: String
    public var name: String
    public var maskedIdentity: String?
    public var maskedPhone: String?
    public var birthDate: String?
    public var sex: String?
    public var ethnicity: String?
    public var populationType: PopulationType
    public var grid: RegionCode
    public var address: String?
    public var tags: [String]
    /// The ``PersonProfile`` fields known of them.
    public var profile: [String: String] = [:]
    /// The house (a standard address) they live at, when their address names one.
    public var addressCode: String?
}

extension GridStore {
    /// Sets the keys identity numbers and phones are sealed and indexed with (from configuration or
    /// a key file; never stored in the database).
    public func useProtection(_ fields: ProtectedFields) { protection.withLock { $0 = fields } }

    /// Whether identity numbers and phones can be stored (a protection key is configured).
    public var hasProtection: Bool { protection.withLock { $0 != nil } }

    func requireProtection() throws(StoreError) -> ProtectedFields {
        guard let fields = protection.withLock({ $0 }) else {
            throw .configuration(
                "no protection key is configured: identity numbers and phones are only stored sealed (--protection-key-file)"
            )
        }
        return fields
    }

    /// Imports a people file (``PeopleFile``) in UTF-8 or GBK: every row checked, each grid within
    /// the caller's scope; all or nothing, or with `validRowsOnly` the good rows and a report of the
    /// rest. A person already registered in the county (same identity number, found by its blind
    /// index) is merged: the fields the row gives replace theirs, the others stay.
    public func importPeople(utf8OrGBK bytes: [UInt8], source: String, validRowsOnly: Bool = false, by caller: Caller)
        async throws -> (summary: RegistryImportSummary, problems: ImportProblems)
    {
        try requireImporter(caller, "importing people")
        let (table, lineProblems, encoding) = try ImportText.table(bytes)
        let today = WorkingCalendar.local(now.now).0
        let file = PeopleFile(table: table, latest: today, isPhone: ScopedStore.isPhone)
        var problems = file.problems
        problems.merge(lineProblems)
        if problems.problems.contains(where: { $0.line == 1 }) { throw problems }
        let good = try await rowsInScope(file.rows, grid: \.grid, line: \.line, caller: caller, problems: &problems)
        if !problems.isEmpty, !validRowsOnly { throw problems }
        let (inserted, merged) = try await writePeople(good, source: source, by: caller)
        return (
            RegistryImportSummary(
                rows: good.count, inserted: inserted, merged: merged, skipped: problems.problems.count,
                encoding: encoding.rawValue), problems
        )
    }

    /// Writes checked rows in scope: sealed, indexed, placed at their houses, merged with the people
    /// already registered; one transaction, journaled by county.
    /// `personID`: the one row corrects this stored person (a correction on their page), whether
    /// or not the row gives an identity number.
    func writePeople(_ good: [PeopleFile.Row], source: String, by caller: Caller, personID: String? = nil)
        async throws -> (inserted: Int, merged: Int)
    {
        let fields = try requireProtection()
        let at = now.epochMilliseconds
        // A person lives at a house when their address names a standard address down to its building.
        var matchers: [String: AddressMatcher] = [:]
        for county in Set(good.map(\.grid.countyCode)) { matchers[county] = try await addressMatcher(county: county) }
        struct Prepared {
            var row: PeopleFile.Row
            var addressCode: String?
            var identitySealed: String?
            var identityIndex: String?
            var phoneSealed: String?
            var phoneIndex: String?
        }
        let prepared = try good.map { row in
            Prepared(
                row: row,
                addressCode: row.address.flatMap { text in
                    let match = matchers[row.grid.countyCode]?.match(text)
                    guard let match, match.isConfident, let address = match.address, address.level >= .building
                    else { return nil }
                    return address.code
                },
                identitySealed: try row.identity.map { try fields.seal($0.text) },
                identityIndex: row.identity.map { fields.blindIndex($0.text) },
                phoneSealed: try row.phone.map { try fields.seal($0) },
                phoneIndex: row.phone.map { fields.blindIndex($0) })
        }
        return try await database.write { db -> (Int, Int) in
            var inserted = 0
            var merged = 0
            for (county, rows) in Dictionary(grouping: prepared, by: \.row.grid.countyCode).sorted(by: {
                $0.key < $1.key
            }) {
                // Who is registered already, read once: a county's import is one pass, not a
                // lookup a row. New people go in with multi-row inserts; a person the file names
                // twice is merged into their pending row as into a stored one.
                var registered: [String: (id: String, grid: String)] = [:]
                for found in try db.query(
                    "SELECT identity_index, id, grid_code FROM people WHERE county_code = ? AND identity_index IS NOT NULL",
                    [.text(county)])
                {
                    registered[try found.text(0)] = (try found.text(1), try found.text(2))
                }
                var target: (id: String, grid: String)?
                if let personID {
                    guard
                        let grid = try db.queryOne(
                            "SELECT grid_code FROM people WHERE county_code = ? AND id = ?",
                            [.text(county), .text(personID)]
                        ).map({ try $0.text(0) })
                    else { throw StoreError.notFound("person \(personID)") }
                    target = (personID, grid)
                }
                func stored(_ item: Prepared) -> (id: String, grid: String)? {
                    target ?? item.identityIndex.flatMap { registered[$0] }
                }
                // Nobody moves a person out of a grid they do not work: that grid, or a wider scope, does.
                var elsewhere = ImportProblems()
                for item in rows {
                    if let target, let index = item.identityIndex, let other = registered[index], other.id != target.id
                    {
                        elsewhere.append(
                            item.row.line, "id_number", "this identity number is registered to someone else")
                    }
                    guard let grid = stored(item)?.grid, let code = try? RegionCode(grid), !caller.scope.contains(code)
                    else { continue }
                    elsewhere.append(
                        item.row.line, "id_number", "this person is registered in another grid, which must move them")
                }
                if !elsewhere.isEmpty { throw elsewhere }
                var inserts: [[SQLValue]] = []
                var pending: [String: Int] = [:]
                var pendingProfiles: [String?] = []
                for item in rows {
                    let row = item.row
                    let tags = JSONValue.array(row.tags.map(JSONValue.string)).canonicalText
                    let values: [SQLValue] = [
                        .text(county), .text(UUID().uuidString.lowercased()), .text(row.grid.digits), .text(row.name),
                        SQLValue(item.identitySealed), SQLValue(item.identityIndex), SQLValue(row.identity?.masked),
                        SQLValue(row.identity?.birthDate.description), SQLValue(row.identity?.sex.rawValue),
                        SQLValue(item.phoneSealed), SQLValue(item.phoneIndex), SQLValue(row.phone.map(Masking.phone)),
                        SQLValue(row.ethnicity), SQLValue(row.populationType?.rawValue), SQLValue(row.address),
                        SQLValue(item.addressCode), row.tags.isEmpty ? .null : .text(tags), .integer(at),
                        SQLValue(Self.profile(stored: nil, merging: row.profile)),
                        SQLValue(row.profile["household_number"]),
                    ]
                    if target == nil, let index = item.identityIndex, let position = pending[index] {
                        for column in values.indices.dropFirst(2) where values[column] != .null {
                            inserts[position][column] = values[column]
                        }
                        if row.address != nil { inserts[position][15] = values[15] }
                        let profile = Self.profile(stored: pendingProfiles[position], merging: row.profile)
                        inserts[position][18] = SQLValue(profile)
                        pendingProfiles[position] = profile
                        merged += 1
                    } else if let id = stored(item)?.id {
                        // Field by field: what the row gives replaces, the rest stays; the journal
                        // keeps which fields changed, and who changed them when.
                        let stored = try db.queryOne(
                            "SELECT \(Self.mergedColumns) FROM people WHERE county_code = ? AND id = ?",
                            [.text(county), .text(id)])
                        let before = try stored.map(Self.mergedFields) ?? [:]
                        let profile = Self.profile(
                            stored: before["profile"], merging: row.profile, type: row.populationType)
                        try db.execute(
                            """
                            UPDATE people SET grid_code = ?, name = ?,
                                identity_sealed = COALESCE(identity_sealed, ?),
                                identity_index = COALESCE(identity_index, ?),
                                identity_masked = COALESCE(identity_masked, ?), birth_date = COALESCE(birth_date, ?),
                                sex = COALESCE(sex, ?), phone_sealed = COALESCE(?, phone_sealed), phone_index = COALESCE(?, phone_index),
                                phone_masked = COALESCE(?, phone_masked), ethnicity = COALESCE(?, ethnicity),
                                population_type = COALESCE(?, population_type), address = COALESCE(?, address),
                                address_code = CASE WHEN CAST(? AS TEXT) IS NULL THEN address_code ELSE ? END,
                                tags = COALESCE(?, tags), updated_at = ?, profile = ?,
                                household_number = COALESCE(?, household_number)
                            WHERE county_code = ? AND id = ?
                            """,
                            // A new address moves the person to its house, or to none if it matches none.
                            [values[2], values[3]] + values[4...14] + [values[14], values[15]] + values[16...17]
                                + [SQLValue(profile), values[19], .text(county), .text(id)])
                        // What the UPDATE left, worked out here rather than read back.
                        var after = before
                        for (column, position) in [
                            ("grid_code", 2), ("name", 3), ("phone_index", 10), ("ethnicity", 12),
                            ("population_type", 13), ("address", 14), ("tags", 16),
                        ] {
                            if case .text(let text) = values[position] { after[column] = text }
                        }
                        if row.address != nil { after["address_code"] = item.addressCode }
                        after["profile"] = profile
                        if let number = row.profile["household_number"] { after["household_number"] = number }
                        let changed = Set(before.keys).union(after.keys).filter { before[$0] != after[$0] }.sorted()
                        if !changed.isEmpty {
                            try Journal.append(
                                JournalChange(
                                    chain: county, actor: caller.actor, action: "person.merge", entity: "people",
                                    entityID: id,
                                    after: ["fields": .array(changed.map(JSONValue.string)), "source": .string(source)]),
                                at: at, on: db)
                        }
                        merged += 1
                    } else {
                        if let index = item.identityIndex { pending[index] = inserts.count }
                        inserts.append(values)
                        pendingProfiles.append(Self.profile(stored: nil, merging: row.profile))
                        inserted += 1
                    }
                }
                for index in inserts.indices {
                    if inserts[index][13] == .null { inserts[index][13] = .text(PopulationType.registered.rawValue) }
                    if inserts[index][16] == .null { inserts[index][16] = .text("[]") }
                }
                try db.insertMany(
                    into: "people",
                    columns: [
                        "county_code", "id", "grid_code", "name", "identity_sealed", "identity_index",
                        "identity_masked", "birth_date", "sex", "phone_sealed", "phone_index", "phone_masked",
                        "ethnicity", "population_type", "address", "address_code", "tags", "updated_at", "profile",
                        "household_number",
                    ], rows: inserts, chunk: 200)
                // The journal holds counts and a digest of what no one could reverse (masks and
                // blind indexes), never an identity number.
                let content = rows.map { "\($0.row.name)|\($0.identityIndex ?? "")|\($0.row.grid.digits)" }.joined(
                    separator: "\n")
                try Journal.append(
                    JournalChange(
                        chain: county, actor: caller.actor, action: "people.import", entity: "people", entityID: source,
                        after: ["rows": .number(Double(rows.count)), "sha256": .string(Journal.sha256Hex(content))]),
                    at: at, on: db)
            }
            return (inserted, merged)
        }
    }
}

extension GridStore {
    /// The columns a merge compares, to journal which of them changed (never their values).
    static let mergedColumns =
        "grid_code, name, phone_index, ethnicity, population_type, address, address_code, tags, profile, household_number"

    static func mergedFields(_ row: SQLRow) throws -> [String: String] {
        let names = mergedColumns.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        var fields: [String: String] = [:]
        for (position, name) in names.enumerated() { fields[name] = try row.optionalText(position) }
        return fields
    }

    /// A stored profile (JSON text) with `given`'s fields put over it; `nil` when both are empty.
    /// A person whose population type is given keeps no field of another type's.
    static func profile(stored: String?, merging given: [String: String], type: PopulationType? = nil) -> String? {
        var merged = stored.flatMap { try? JSONValue.parse($0) }?.objectValue ?? [:]
        if let type {
            for section in PersonProfile.sections where section.populationType.map({ $0 != type }) ?? false {
                for field in section.fields { merged[field.key] = nil }
            }
        }
        for (key, value) in given { merged[key] = .string(value) }
        return merged.isEmpty ? nil : JSONValue.object(merged).canonicalText
    }
}

extension ScopedStore {
    /// Adds a person, or corrects one already registered (same identity number), from the fields a
    /// grid worker typed (the people file's columns: `name`, `id_number`, `phone`, `ethnicity`,
    /// `household_type`, `grid_code`, `address`, `tags`, and the ``PersonProfile`` fields), checked
    /// as an imported row is. `id`: the person corrected, found by record rather than identity.
    public func savePerson(_ fields: [String: String], id: String? = nil) async throws {
        guard [.admin, .centre, .station, .gridleader, .worker].contains(caller.role) else {
            throw StoreError.outOfScope("registering people")
        }
        let columns = PeopleFile.columns.names
        let table = ImportTable(
            header: columns, rows: [ImportTable.Row(line: 2, fields: columns.map { fields[$0] ?? "" })])
        let file = PeopleFile(
            table: table, latest: WorkingCalendar.local(store.now.now).0, isPhone: ScopedStore.isPhone)
        if let problem = file.problems.problems.first {
            throw StoreError.invalid(field: problem.field ?? "name", reason: problem.reason)
        }
        var problems = ImportProblems()
        let good = try await store.rowsInScope(
            file.rows, grid: \.grid, line: \.line, caller: caller, problems: &problems)
        if let problem = problems.problems.first {
            throw StoreError.invalid(field: problem.field ?? "grid_code", reason: problem.reason)
        }
        do { _ = try await store.writePeople(good, source: "page", by: caller, personID: id) } catch let problems
            as ImportProblems
        {
            // Someone registered in a grid the caller does not work: that grid moves them.
            let problem = problems.problems[0]
            throw StoreError.invalid(field: problem.field ?? "id_number", reason: problem.reason)
        }
    }

    /// The base-data registries are read by those who work the territory: never a resident, an
    /// integration, an auditor or a line department (which sees only the key people it manages).
    func requireRegistryReader() throws(StoreError) {
        guard [.admin, .centre, .leader, .station, .gridleader, .worker].contains(caller.role) else {
            throw .outOfScope("the base-data registries")
        }
    }

    /// The person with this identity number, found by its blind index, if within the caller's scope.
    public func person(identityNumber text: String) async throws -> PersonView? {
        try requireRegistryReader()
        let number: IdentityNumber
        do { number = try IdentityNumber(text) } catch {
            throw StoreError.invalid(field: "id_number", reason: error.reason)
        }
        let index = try store.requireProtection().blindIndex(number.text)
        // A caller within one county looks in that county alone (one shard on Citus).
        let county = caller.scope.topRegion.flatMap { $0.level >= .county ? $0.countyCode : nil }
        let rows = try await store.database.read { db in
            try db.query(
                "SELECT \(Self.personColumns) FROM people WHERE identity_index = ?"
                    + (county == nil ? "" : " AND county_code = ?"),
                [.text(index)] + (county.map { [.text($0)] } ?? []))
        }
        return try rows.map(Self.personView).first { caller.scope.contains($0.grid) }
    }

    /// The person with this record id, if within the caller's scope.
    public func person(id: String, county: String) async throws -> PersonView? {
        try requireRegistryReader()
        let rows = try await store.database.read { db in
            try db.query(
                "SELECT \(Self.personColumns) FROM people WHERE county_code = ? AND id = ?", [.text(county), .text(id)])
        }
        return try rows.map(Self.personView).first { caller.scope.contains($0.grid) }
    }

    /// The people with this phone, found by its blind index, within the caller's scope (bounded
    /// in the query, so people elsewhere sharing the phone never crowd the caller's out).
    public func people(phone: String) async throws -> [PersonView] {
        try requireRegistryReader()
        let digits = PeopleFile.phoneDigits(phone)
        let index = try store.requireProtection().blindIndex(digits)
        let range = caller.scope.regionRange
        let rows = try await store.database.read { db in
            try db.query(
                """
                SELECT \(Self.personColumns) FROM people
                WHERE phone_index = ? AND grid_code >= ? AND grid_code < ? ORDER BY name LIMIT 50
                """, [.text(index), .text(range.lowerBound), .text(range.upperBound)])
        }
        return try rows.map(Self.personView).filter { caller.scope.contains($0.grid) }
    }

    /// Journals a lookup by number: by which kind, and whom it found (never the number).
    public func journalLookup(by kind: String, found: [PersonView]) async throws {
        let at = store.now.epochMilliseconds
        let chain = found.first?.grid.countyCode ?? caller.scope.topRegion?.countyCode ?? "territory"
        try await store.database.write { db in
            try Journal.append(
                JournalChange(
                    chain: chain, actor: caller.actor, action: "person.lookup", entity: "people",
                    entityID: found.isEmpty ? "-" : found.map(\.id).joined(separator: ","),
                    after: ["by": .string(kind), "found": .number(Double(found.count))]),
                at: at, on: db)
        }
    }

    /// The members of a household (户) within the caller's scope, the head first.
    public func household(_ number: String, county: String) async throws -> [PersonView] {
        try requireRegistryReader()
        let range = caller.scope.regionRange
        let rows = try await store.database.read { db in
            try db.query(
                """
                SELECT \(Self.personColumns) FROM people
                WHERE county_code = ? AND household_number = ? AND grid_code >= ? AND grid_code < ? LIMIT 50
                """, [.text(county), .text(number), .text(range.lowerBound), .text(range.upperBound)])
        }
        return try rows.map(Self.personView).filter { caller.scope.contains($0.grid) }.sorted {
            ($0.profile["relation"] == "户主" ? 0 : 1, $0.name) < ($1.profile["relation"] == "户主" ? 0 : 1, $1.name)
        }
    }

    /// The people of a grid in scope, by name.
    public func people(inGrid grid: RegionCode, limit: Int = 200) async throws -> [PersonView] {
        try requireRegistryReader()
        try requireInScope(grid)
        return try await store.database.read { db in
            try db.query(
                "SELECT \(Self.personColumns) FROM people WHERE county_code = ? AND grid_code = ? ORDER BY name LIMIT ?",
                [.text(grid.countyCode), .text(grid.digits), .integer(Int64(max(1, min(limit, 5000))))]
            ).map(Self.personView)
        }
    }

    /// A person's identity number and phone in clear: for a role that may see them (an
    /// administrator or a command centre), with a reason, journaled.
    public func reveal(person id: String, county: String, reason: String) async throws -> (
        identity: String?, phone: String?
    ) {
        guard [.admin, .centre].contains(caller.role) else {
            throw StoreError.outOfScope("revealing a person's identity")
        }
        let why = try TextRule(length: 2...200).checked(reason, field: "reason")
        let fields = try store.requireProtection()
        let row = try await store.database.read { db in
            try db.queryOne(
                "SELECT grid_code, identity_sealed, phone_sealed FROM people WHERE county_code = ? AND id = ?",
                [.text(county), .text(id)])
        }
        guard let row, let grid = try? RegionCode(try row.text(0)) else { throw StoreError.notFound("person \(id)") }
        try requireInScope(grid)
        let identity = try row.optionalText(1).map { try fields.open($0) }
        let phone = try row.optionalText(2).map { try fields.open($0) }
        let at = store.now.epochMilliseconds
        try await store.database.write { db in
            try Journal.append(
                JournalChange(
                    chain: county, actor: caller.actor, action: "person.reveal", entity: "people", entityID: id,
                    after: ["reason": .string(why)]),
                at: at, on: db)
        }
        return (identity, phone)
    }

    static let personColumns =
        "id, name, identity_masked, phone_masked, birth_date, sex, ethnicity, population_type, grid_code, address, tags, profile, address_code"

    static func personView(_ row: SQLRow) throws -> PersonView {
        guard let grid = try? RegionCode(try row.text(8)), let type = PopulationType(rawValue: try row.text(7)) else {
            throw StoreError.corrupt("a person row with a bad grid or population type")
        }
        let tags = (try? JSONValue.parse(try row.text(10)))?.arrayValue?.compactMap(\.stringValue) ?? []
        let profile = try row.optionalText(11).flatMap { try? JSONValue.parse($0) }?.objectValue?.compactMapValues(
            \.stringValue)
        return PersonView(
            id: try row.text(0), name: try row.text(1), maskedIdentity: try row.optionalText(2),
            maskedPhone: try row.optionalText(3), birthDate: try row.optionalText(4), sex: try row.optionalText(5),
            ethnicity: try row.optionalText(6), populationType: type, grid: grid, address: try row.optionalText(9),
            tags: tags, profile: profile ?? [:], addressCode: try row.optionalText(12))
    }
}

extension ScopedStore {
    /// The cases a person reported, found by their phone within the caller's scope. The phone is
    /// opened here to search with and never shown, so this is no reveal.
    public func cases(reportedBy person: PersonView) async throws -> [CaseRecord] {
        try requireRegistryReader()
        try requireInScope(person.grid)
        let sealed = try await store.database.read { db in
            try db.queryOne(
                "SELECT phone_sealed FROM people WHERE county_code = ? AND id = ?",
                [.text(person.grid.countyCode), .text(person.id)]
            ).flatMap { try $0.optionalText(0) }
        }
        guard let sealed else { return [] }
        let phone = try store.requireProtection().open(sealed)
        var query = CaseQuery()
        query.text = phone
        query.limit = 50
        // The search also finds case numbers ending in these digits: only the reporter's phone counts.
        return try await cases(query).cases.map(\.0).filter { PeopleFile.phoneDigits($0.reporterPhone ?? "") == phone }
    }
}
