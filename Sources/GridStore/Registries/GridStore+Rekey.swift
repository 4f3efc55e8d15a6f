import Foundation
import GridCore

/// What a rekey resealed.
public struct RekeySummary: Sendable, Equatable {
    public var people: Int
    public var houses: Int
    public var organisations: Int
}

extension GridStore {
    /// Reseals every identity number and phone under `fields` and rebuilds every blind index with
    /// it, in one transaction: afterwards only `fields` (the new key) is needed. The store's present
    /// protection must open what is stored (the old key as current, or in its ring). Administrators
    /// only; journaled with the key ids, never a value.
    public func rekey(to fields: ProtectedFields, by caller: Caller) async throws -> RekeySummary {
        guard caller.role == .admin, caller.scope == .territory else {
            throw StoreError.outOfScope("changing the protection key")
        }
        let old = try requireProtection()
        let at = now.epochMilliseconds
        /// Table, key columns, and each sealed column with its index column and how its clear value
        /// is normalised for the index.
        let tables: [(String, [String], [(sealed: String, index: String?, normalise: @Sendable (String) -> String)])] =
            [
                (
                    "people", ["county_code", "id"],
                    [
                        ("identity_sealed", "identity_index", { $0 }),
                        ("phone_sealed", "phone_index", PeopleFile.phoneDigits),
                    ]
                ),
                ("houses", ["county_code", "address_code"], [("owner_sealed", "owner_index", { $0 })]),
                (
                    "organisations", ["county_code", "credit_code"],
                    [("phone_sealed", "phone_index", PeopleFile.phoneDigits)]
                ),
            ]
        let counts = try await database.write { db -> [Int] in
            var counts: [Int] = []
            for (table, keys, columns) in tables {
                let sealed = columns.map(\.sealed)
                let rows = try db.query(
                    "SELECT \((keys + sealed).joined(separator: ", ")) FROM \(table) WHERE "
                        + sealed.map { "\($0) IS NOT NULL" }.joined(separator: " OR "), [])
                let assignments = columns.flatMap { column in
                    ["\(column.sealed) = ?"] + (column.index.map { ["\($0) = ?"] } ?? [])
                }.joined(separator: ", ")
                let update =
                    "UPDATE \(table) SET \(assignments) WHERE "
                    + keys.map { "\($0) = ?" }.joined(separator: " AND ")
                for row in rows {
                    var arguments: [SQLValue] = []
                    for (offset, column) in columns.enumerated() {
                        guard let value = try row.optionalText(keys.count + offset) else {
                            arguments.append(.null)
                            if column.index != nil { arguments.append(.null) }
                            continue
                        }
                        let clear = try old.open(value)
                        arguments.append(.text(try fields.seal(clear)))
                        if column.index != nil { arguments.append(.text(fields.blindIndex(column.normalise(clear)))) }
                    }
                    try db.execute(update, arguments + keys.indices.map { .text(try row.text($0)) })
                }
                counts.append(rows.count)
            }
            try Journal.append(
                JournalChange(
                    chain: JournalEntry.territoryChain, actor: caller.actor, action: "protection.rekey",
                    entity: "protection",
                    entityID: fields.current.id,
                    after: [
                        "from": .string(old.current.id), "to": .string(fields.current.id),
                        "rows": .number(Double(counts.reduce(0, +))),
                    ]),
                at: at, on: db)
            return counts
        }
        useProtection(fields)
        return RekeySummary(people: counts[0], houses: counts[1], organisations: counts[2])
    }
}
