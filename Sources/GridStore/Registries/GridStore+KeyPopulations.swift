import Foundation
import GridCore

/// A person's membership of a key-population group, as a caller allowed to see it sees it.
public struct KeyPersonView: Sendable, Hashable {
    public var person: PersonView
    public var group: PopulationGroup
    public var attention: AttentionLevel
    public var details: [String: String]
    /// When they were listed in the group (a change of record keeps it).
    public var updatedAt: Int64
    /// When the person was last visited (走访), if ever.
    public var lastVisitAt: Int64?

    /// Days between visits for this group at this attention level.
    public var visitEveryDays: Int? { group.visitDays[attention] }
}

extension ScopedStore {
    /// The key-population groups: the shipped ones, with an administrator's changes and additions.
    public func populationGroups() async throws -> [PopulationGroup] {
        let stored = try await store.database.read { db in
            try db.query("SELECT definition FROM population_groups ORDER BY code", []).map { row in
                try JSONDecoder().decode(PopulationGroup.self, from: Data(try row.text(0).utf8))
            }
        }
        var groups = PopulationGroup.shipped
        for group in stored {
            if let index = groups.firstIndex(where: { $0.code == group.code }) {
                // A changed shipped group keeps the shipped visit form unless it has its own.
                var group = group
                if group.visitFields.isEmpty { group.visitFields = groups[index].visitFields }
                groups[index] = group
            } else {
                groups.append(group)
            }
        }
        return groups
    }

    /// Adds a group or changes one (its fields, its visit intervals): administrators only.
    public func saveGroup(_ group: PopulationGroup) async throws {
        guard caller.role == .admin, caller.scope == .territory else {
            throw StoreError.outOfScope("changing key-population groups")
        }
        let isCode = { (text: String, length: ClosedRange<Int>) in
            length.contains(text.count) && text.allSatisfy { $0.isASCII && ($0.isNumber || $0.isUppercase) }
        }
        guard isCode(group.code, 1...8) else {
            throw StoreError.invalid(field: "code", reason: "a group's code is 1 to 8 capital letters or digits")
        }
        guard (1...32).contains(group.name.count) else {
            throw StoreError.invalid(field: "name", reason: "a name is 1 to 32 characters")
        }
        guard group.fields.count <= 30,
            Set(group.fields.map(\.key)).count == group.fields.count,
            group.fields.allSatisfy({ field in
                (1...32).contains(field.key.count)
                    && field.key.allSatisfy { $0.isASCII && ($0.isLowercase || $0 == "_") }
                    && (1...32).contains(field.label.count)
                    && (field.type != .choice || !field.options.isEmpty)
                    && (field.type != .number || PopulationGroup.Field.numberRange(field.options) != nil)
            })
        else {
            throw StoreError.invalid(
                field: "fields",
                reason:
                    "at most 30 fields, each with a distinct key of lower-case letters, a label, choices for a choice and a range from low to high (or none) for a number"
            )
        }
        guard AttentionLevel.allCases.allSatisfy({ (1...3650).contains(group.visitDays[$0] ?? 0) }) else {
            throw StoreError.invalid(
                field: "visit_days", reason: "a visit interval is 1 to 3650 days for each attention level")
        }
        let definition = String(decoding: try JSONEncoder().encode(group), as: UTF8.self)
        let at = store.now.epochMilliseconds
        try await store.database.write { db in
            try db.execute("DELETE FROM population_groups WHERE code = ?", [.text(group.code)])
            try db.execute(
                "INSERT INTO population_groups (code, definition, updated_at) VALUES (?, ?, ?)",
                [.text(group.code), .text(definition), .integer(at)])
            try Journal.append(
                JournalChange(
                    chain: JournalEntry.territoryChain, actor: caller.actor, action: "population_group.save",
                    entity: "population_groups",
                    entityID: group.code, after: ["definition": .string(definition)]),
                at: at, on: db)
        }
    }

    /// Puts a person in a group (or changes their attention level and record). The caller must be
    /// able to see the group and the person's grid; the record is checked field by field.
    public func markKeyPerson(
        id: String, county: String, group code: String, attention: AttentionLevel, details: [String: String]
    ) async throws {
        guard let group = try await populationGroups().first(where: { $0.code == code }) else {
            throw StoreError.invalid(field: "group", reason: "no key-population group \(code)")
        }
        guard group.isVisible(to: caller), caller.role != .dept, caller.role != .admin else {
            throw StoreError.outOfScope("the key-population group \(group.name)")
        }
        let checked: [String: String]
        switch group.checkedDetails(details) {
        case .success(let values): checked = values
        case .failure(let problems):
            let first = problems.problems[0]
            throw StoreError.invalid(field: first.field ?? "details", reason: first.reason)
        }
        let grid = try await store.database.read { db in
            try db.queryOne(
                "SELECT grid_code FROM people WHERE county_code = ? AND id = ?", [.text(county), .text(id)]
            )
            .map { try $0.text(0) }
        }
        guard let grid, let gridCode = try? RegionCode(grid) else { throw StoreError.notFound("person \(id)") }
        try requireInScope(gridCode)
        let text = JSONValue.object(checked.mapValues(JSONValue.string)).canonicalText
        let at = store.now.epochMilliseconds
        try await store.database.write { db in
            // A change of level or record keeps when they were last visited and listed.
            let listed = try db.queryOne(
                "SELECT updated_at FROM key_people WHERE county_code = ? AND person_id = ? AND group_code = ?",
                [.text(county), .text(id), .text(code)])
            if listed != nil {
                try db.execute(
                    """
                    UPDATE key_people SET grid_code = ?, attention = ?, details = ?
                    WHERE county_code = ? AND person_id = ? AND group_code = ?
                    """,
                    [.text(grid), .text(attention.rawValue), .text(text), .text(county), .text(id), .text(code)])
            } else {
                try db.execute(
                    """
                    INSERT INTO key_people (county_code, person_id, group_code, grid_code, attention, details, updated_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    """,
                    [
                        .text(county), .text(id), .text(code), .text(grid), .text(attention.rawValue), .text(text),
                        .integer(at),
                    ])
            }
            // The journal names the person by record id only; their record's fields stay out of it.
            try Journal.append(
                JournalChange(
                    chain: county, actor: caller.actor, action: "key_person.mark", entity: "key_people",
                    entityID: id + "/" + code, after: ["attention": .string(attention.rawValue)]),
                at: at, on: db)
        }
    }

    /// The key people of a grid that the caller may see: a grid in scope, or for the department
    /// managing a special group, a grid of its county.
    public func keyPeople(inGrid grid: RegionCode) async throws -> [KeyPersonView] {
        if case .department(let department) = caller.scope {
            guard department.countyCode == grid.countyCode else { throw StoreError.outOfScope("region \(grid)") }
        } else {
            try requireInScope(grid)
        }
        let groups = Dictionary(
            try await populationGroups().filter { $0.isVisible(to: caller) }.map { ($0.code, $0) },
            uniquingKeysWith: { first, _ in first })
        guard !groups.isEmpty else { return [] }
        let columns = Self.personColumns.split(separator: ",").map { "p." + $0.trimmingCharacters(in: .whitespaces) }
        let rows = try await store.database.read { db in
            try db.query(
                """
                SELECT \(columns.joined(separator: ", ")), k.group_code, k.attention, k.details, k.updated_at,
                    k.last_visit_at
                FROM people p JOIN key_people k ON k.county_code = p.county_code AND k.person_id = p.id
                WHERE p.county_code = ? AND p.grid_code = ? AND k.group_code IN (\(groups.keys.map { _ in "?" }.joined(separator: ", ")))
                ORDER BY k.attention DESC, p.name LIMIT 2000
                """, [.text(grid.countyCode), .text(grid.digits)] + groups.keys.sorted().map { .text($0) })
        }
        return try rows.compactMap { row -> KeyPersonView? in
            let n = columns.count
            guard let group = groups[try row.text(n)], let attention = AttentionLevel(rawValue: try row.text(n + 1))
            else { return nil }
            let details =
                (try? JSONValue.parse(try row.text(n + 2)))?.objectValue?.compactMapValues { $0.stringValue } ?? [:]
            return KeyPersonView(
                person: try Self.personView(row), group: group, attention: attention, details: details,
                updatedAt: try row.integer(n + 3), lastVisitAt: try row.optionalInteger(n + 4))
        }
    }

    /// The groups a person in scope belongs to, of those the caller may see.
    public func keyGroups(of person: PersonView) async throws -> [KeyPersonView] {
        try requireInScope(person.grid)
        let groups = try await populationGroups().filter { $0.isVisible(to: caller) }
        let rows = try await store.database.read { db in
            try db.query(
                "SELECT group_code, attention, details, updated_at, last_visit_at FROM key_people WHERE county_code = ? AND person_id = ?",
                [.text(person.grid.countyCode), .text(person.id)])
        }
        return try rows.compactMap { row -> KeyPersonView? in
            guard let group = groups.first(where: { $0.code == (try? row.text(0)) }),
                let attention = AttentionLevel(rawValue: try row.text(1))
            else { return nil }
            let details =
                (try? JSONValue.parse(try row.text(2)))?.objectValue?.compactMapValues { $0.stringValue } ?? [:]
            return KeyPersonView(
                person: person, group: group, attention: attention, details: details, updatedAt: try row.integer(3),
                lastVisitAt: try row.optionalInteger(4))
        }
    }
}
